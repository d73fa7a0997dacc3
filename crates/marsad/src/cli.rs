//! Command-line definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// marsad (مرصد): turns a stream of Arabic news into a deduplicated, searchable map of
/// stories.
#[derive(Parser, Debug)]
#[command(name = "marsad", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The data folder (SQLite store and indexes); created if missing.
    #[arg(long, global = true, env = "MARSAD_DATA", default_value = "./marsad-data", value_name = "DIR")]
    pub data: PathBuf,

    /// No progress bars.
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// An entity-tagger model file to use instead of the built-in one.
    #[arg(long, global = true, env = "MARSAD_NER_MODEL", value_name = "FILE")]
    pub ner_model: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Ingest files, folders (recursively) or standard input (`-`) into the store.
    ///
    /// Reads .txt (UTF-8, UTF-16 with BOM, Windows-1256 detected), .jsonl / .jsonl.gz /
    /// .jsonl.zst (one article per line), .html pages and .warc / .warc.gz archives.
    /// Page furniture is removed and listed; the same content is stored once with every
    /// source kept. Every file or line not ingested is reported with the reason, and
    /// the rest of the batch goes on. An interrupted ingest can simply be run again.
    Ingest(IngestArgs),
    /// Analyse files without storing them; print one JSON object per document.
    Analyze(AnalyzeArgs),
    /// List the stored documents.
    Documents(DocumentsArgs),
    /// Show one stored document: its text, provenance and analysis.
    Show(ShowArgs),
    /// Counts over the store.
    Stats(FormatArgs),
    /// The canonical entities of the store: type, Latin name, every spelling seen,
    /// how many documents mention each, and the first and last days they were seen.
    Entities(EntitiesArgs),
    /// Show how the text layer reads a text: normalised forms, sentences, tokens with
    /// their clitics, light stems and Latin transliteration.
    Text(TextArgs),
    /// Train the models that ship with marsad from unlabelled or labelled data.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Evaluate a model on labelled data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure each stage's speed and memory on a real corpus, beside the peers.
    Bench(BenchArgs),
    /// Full-text search: insensitive to spelling variants and clitics, with entity
    /// expansion, phrases ("…"), AND/OR/NOT, +word and -word.
    Search(SearchArgs),
    /// Rebuild the search index from the store.
    Reindex,
}

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// The query: words (all must match), "a phrase", OR, NOT / -word, parentheses.
    pub query: String,
    /// Only documents that mention this canonical entity id (repeatable: all of them).
    #[arg(long, value_name = "ID")]
    pub entity: Vec<String>,
    /// Only documents of this outlet (repeatable: any of them).
    #[arg(long)]
    pub outlet: Vec<String>,
    /// Only documents published on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DAY")]
    pub from: Option<String>,
    /// Only documents published on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DAY")]
    pub to: Option<String>,
    /// Only these documents (repeatable).
    #[arg(long, value_name = "ID")]
    pub doc: Vec<String>,
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Favour recent documents.
    #[arg(long)]
    pub recency: bool,
    /// Count outlets, entities and months over all matches.
    #[arg(long)]
    pub facets: bool,
    /// Match only the words as written (no entity expansion).
    #[arg(long)]
    pub no_expand: bool,
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
}

#[derive(Args, Debug, Clone)]
pub struct ReadArgs {
    /// Files or folders to read; `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Largest single document (file, JSONL line, WARC record), e.g. 16MiB, 500KB.
    #[arg(long, default_value = "16MiB", value_parser = parse_size, value_name = "SIZE")]
    pub max_doc_size: u64,

    /// Stop after this many records (for sampling a large corpus).
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
}

#[derive(Args, Debug)]
pub struct IngestArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// Exit with an error status if anything was skipped.
    #[arg(long)]
    pub strict: bool,

    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,

    /// How many new documents to list in the text summary.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub show: usize,
}

#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// `jsonl`: one object per line; `json`: one array.
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Jsonl)]
    pub format: AnalyzeFormat,

    /// Add the original decoded text (`text`) to each object.
    #[arg(long)]
    pub with_text: bool,
}

#[derive(Args, Debug)]
pub struct DocumentsArgs {
    /// Only documents of this outlet.
    #[arg(long)]
    pub outlet: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// Document id (or a unique prefix of at least 6 characters).
    pub id: String,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(Args, Debug)]
pub struct TextArgs {
    /// The text (or `-` to read standard input).
    pub text: String,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(Args, Debug, Clone, Copy)]
pub struct FormatArgs {
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
}

#[derive(Args, Debug)]
pub struct EntitiesArgs {
    /// Only this type.
    #[arg(long = "type", value_parser = ["PER", "LOC", "ORG", "MISC"])]
    pub kind: Option<String>,
    /// Most entities to list (most documents first).
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
}

#[derive(Subcommand, Debug)]
pub enum TrainCommand {
    /// Count words (lexical form) in news corpora: the lexicon that drives clitic
    /// segmentation.
    Lexicon(TrainLexiconArgs),
    /// Learn word clusters from unlabelled news (features for the entity tagger).
    Clusters(TrainClustersArgs),
    /// Train the named-entity tagger from CoNLL files.
    Ner(TrainNerArgs),
}

#[derive(Args, Debug)]
pub struct TrainClustersArgs {
    /// Corpora: .jsonl / .jsonl.zst files with `title` and `text`.
    #[arg(long = "corpus", required = true, value_name = "FILE")]
    pub corpora: Vec<PathBuf>,
    /// Where to write the clusters (zstd-compressed TSV).
    #[arg(long, default_value = "crates/marsad-extract/data/clusters.tsv.zst")]
    pub out: PathBuf,
    /// Number of stems to cluster (the most frequent).
    #[arg(long, default_value_t = 50_000)]
    pub vocab: usize,
    /// Number of context stems (the most frequent) whose company is counted.
    #[arg(long, default_value_t = 1_000)]
    pub contexts: usize,
    /// Clusters at the three levels, coarse to fine.
    #[arg(long, value_delimiter = ',', default_value = "32,160,640")]
    pub k: Vec<usize>,
    /// Articles per corpus (0 = all).
    #[arg(long, default_value_t = 0)]
    pub limit: u64,
}

#[derive(Args, Debug)]
pub struct TrainNerArgs {
    /// Training data: CoNLL files (`token<TAB>tag`, IOB2, PER/LOC/ORG/MISC).
    #[arg(long = "train", required = true, value_name = "FILE")]
    pub train: Vec<PathBuf>,
    /// Development data to choose the number of epochs; without it, the last tenth of
    /// the training sentences is held out for that, then training runs on everything.
    #[arg(long, value_name = "FILE")]
    pub dev: Option<PathBuf>,
    /// Folder of gazetteers (as ../shared/data/gazetteers); missing lists are skipped.
    #[arg(long, default_value = "../shared/data/gazetteers", value_name = "DIR")]
    pub gazetteers: PathBuf,
    /// Word clusters from `marsad train clusters`.
    #[arg(long, default_value = "crates/marsad-extract/data/clusters.tsv.zst", value_name = "FILE")]
    pub clusters: PathBuf,
    /// Most epochs to try.
    #[arg(long, default_value_t = 20)]
    pub epochs: usize,
    /// log2 of the number of feature buckets.
    #[arg(long, default_value_t = 20)]
    pub bits: u32,
    /// Shuffling seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where to write the model.
    #[arg(long, default_value = "crates/marsad-extract/data/ner.model.zst")]
    pub out: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum EvalCommand {
    /// Entity-level precision, recall and F1 (exact span and type, conlleval) of the
    /// tagger on a CoNLL file, overall and per type.
    Ner(EvalNerArgs),
    /// Time expressions: extraction and resolution against the Arabic DateTime specs of
    /// Recognizers-Text, the project's own annotated fixtures, and publication-day inference
    /// on a real corpus with its metadata dates hidden.
    Time(EvalTimeArgs),
}

#[derive(Args, Debug)]
pub struct EvalTimeArgs {
    /// The folder of Recognizers-Text Arabic DateTime specs (*Extractor.json, *Parser.json).
    #[arg(long, value_name = "DIR", default_value = "../shared/data/eval/recognizers-text-arabic/DateTime")]
    pub specs: PathBuf,
    /// A JSONL corpus (.jsonl or .jsonl.zst) with `date` metadata, for publication-day inference.
    #[arg(long, value_name = "FILE", default_value = "../shared/data/corpus/antcorpus/ant_v2.1_multisource.jsonl.zst")]
    pub corpus: PathBuf,
    /// Articles of the corpus to use (0 = all).
    #[arg(long, default_value_t = 0)]
    pub limit: u64,
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
    /// Print each wrong answer.
    #[arg(long)]
    pub errors: bool,
}

#[derive(Args, Debug)]
pub struct EvalNerArgs {
    /// Test data: a CoNLL file.
    #[arg(long, required = true, value_name = "FILE")]
    pub test: PathBuf,
    /// A model file instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
    /// Write the predicted tags (token, gold, predicted) to this file.
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
    /// The span rules run after the tagger, as in `analyze`: `default`, `none` (the
    /// tagger alone), or changes to the default (`default,-common-words`,
    /// `none,titles,merge`). Rules: known-names, titles, split-places, split-people,
    /// trim-people, merge, common-words, relabel-misc, relabel-org, place-heads, title-person,
    /// consistent-kinds.
    #[arg(long, default_value = "default", value_name = "RULES")]
    pub rules: String,
}

#[derive(Args, Debug)]
pub struct TrainLexiconArgs {
    /// Corpora: .jsonl / .jsonl.zst files with `title` and `text`.
    #[arg(long = "corpus", required = true, value_name = "FILE")]
    pub corpora: Vec<PathBuf>,
    /// Where to write the lexicon (zstd-compressed TSV).
    #[arg(long, default_value = "crates/marsad-text/data/lexicon.tsv.zst")]
    pub out: PathBuf,
    /// Words seen fewer times are left out.
    #[arg(long, default_value_t = 3)]
    pub min_count: u32,
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// A .jsonl / .jsonl.zst corpus (fields as in ../shared/data/corpus).
    #[arg(long, default_value = "../shared/data/corpus/antcorpus/ant_v2.1_multisource.jsonl.zst")]
    pub corpus: PathBuf,
    /// Articles to use (0 = all).
    #[arg(long, default_value_t = 20000)]
    pub limit: u64,
    /// Stages to run, comma-separated: read, text, clitics, time, prepare, ingest, ner (the
    /// entity tagger on --ner-test), ner-articles (the tagger on the first --ner-articles articles),
    /// search (index build and query latency on the corpus plus --search-extra, beside
    /// peer_search.py's SQLite FTS5 on the same articles and queries).
    #[arg(long, value_delimiter = ',', default_value = "read,text,clitics,time,prepare,ingest,ner,ner-articles")]
    pub stages: Vec<String>,
    /// A second corpus the `search` stage indexes with the first, whole (`none` for none).
    #[arg(long, default_value = "../shared/data/corpus/saudinewsnet/saudinewsnet.jsonl.zst", value_name = "FILE")]
    pub search_extra: Option<PathBuf>,
    /// Passes over the input for the single-threaded stages (and the text peer); the
    /// fastest is reported. The `ner` stage makes at least 20 over its small file.
    #[arg(long, default_value_t = 3)]
    pub repeat: u32,
    /// The CoNLL file the `ner` stage tags (and the CRF peer with it).
    #[arg(long, default_value = "../shared/data/ner/anercorp_camel/test.conll", value_name = "FILE")]
    pub ner_test: PathBuf,
    /// Articles for the `ner-articles` stage (0 = all the articles read).
    #[arg(long, default_value_t = 2000, value_name = "N")]
    pub ner_articles: usize,
    /// Python interpreter with the peers' packages (see ../shared/bench/README.md); when
    /// given, the peers run on the same input in the same session: peer_text.py with the
    /// text stages, peer_ner_crf.py (a CRF, trained first) with the `ner` stage.
    #[arg(long, value_name = "PYTHON")]
    pub python: Option<PathBuf>,
    /// Folder of the peer scripts.
    #[arg(long, default_value = "../shared/bench")]
    pub peers: PathBuf,
    /// Write all figures as JSON here too.
    #[arg(long, value_name = "FILE")]
    pub json_out: Option<PathBuf>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnalyzeFormat {
    Jsonl,
    Json,
}

/// Parses `16MiB`, `500KB`, `2G`, `1000`: binary multiples for `KiB/MiB/GiB` and the
/// bare `K/M/G`, decimal for `KB/MB/GB`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let value: f64 = num.parse().map_err(|_| format!("not a size: {s:?}"))?;
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kib" => 1024.0,
        "kb" => 1e3,
        "m" | "mib" => 1024.0 * 1024.0,
        "mb" => 1e6,
        "g" | "gib" => 1024.0 * 1024.0 * 1024.0,
        "gb" => 1e9,
        other => return Err(format!("unknown size unit {other:?} (use B, KB, KiB, MB, MiB, GB, GiB)")),
    };
    Ok((value * factor) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16MiB"), Ok(16 << 20));
        assert_eq!(parse_size("500KB"), Ok(500_000));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert!(parse_size("12 parsecs").is_err());
    }

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
