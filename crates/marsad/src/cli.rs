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

    /// The zone a metadata timestamp given in UTC is read in to get the publication day
    /// (`+03:00`, `+0100`, `UTC`); a timestamp with another offset keeps its own day.
    #[arg(long, global = true, env = "MARSAD_NEWSROOM_OFFSET", default_value = "UTC", value_name = "OFFSET",
          value_parser = parse_newsroom_offset)]
    pub newsroom_offset: jiff::tz::Offset,

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
    /// Stories: the events (the same news of the same days) and sagas (the longer
    /// episodes) the stored documents form, each with its title, days, documents, outlets,
    /// a multi-document summary citing its sources, and a timeline. Brought up to date with
    /// the documents first (ingest does this too).
    Stories(StoriesArgs),
    /// The timeline of one story or one entity: the events its documents report, merged
    /// across outlets, with every source and the figures that disagree.
    Timeline(TimelineArgs),
    /// The typed events of the store (type, CAMEO code, actors, targets, place, date,
    /// figures, modality, sentence), by date.
    Events(EventsArgs),
    /// Export tables of the store.
    #[command(subcommand)]
    Export(ExportCommand),
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
    /// Serve the JSON API (/api/v1, OpenAPI at /api/v1/openapi.json), /healthz, /metrics and
    /// the Arabic web UI. Read-only unless a write token is given (MARSAD_TOKEN or
    /// --token-file), which `POST /api/v1/ingest` then requires as a bearer token.
    Serve(ServeArgs),
    /// Exact and near-duplicate groups of the store, and the passages documents share
    /// (wire copy), with offsets in code points of each document's original text.
    Dups(DupsArgs),
    /// Full-text search: insensitive to spelling variants and clitics, with entity
    /// expansion, phrases ("…"), AND/OR/NOT, +word and -word.
    Search(SearchArgs),
    /// Rebuild the search index from the store.
    Reindex,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0: any free port, printed at start).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    pub bind: std::net::SocketAddr,

    /// A file holding the bearer token that enables writes (first line; at least 16
    /// characters). The MARSAD_TOKEN environment variable does the same.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,

    /// Largest request body, e.g. 16MiB.
    #[arg(long, default_value = "16MiB", value_parser = parse_size, value_name = "SIZE")]
    pub max_body: u64,

    /// Read connections to the store.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub readers: usize,
}

#[derive(Args, Debug)]
pub struct DupsArgs {
    /// Jaccard threshold on word 5-shingle sets. The store's index is built for 0.8;
    /// another value recomputes everything from the documents.
    #[arg(long, default_value_t = 0.8)]
    pub threshold: f64,
    /// Shortest reused passage, in words (below 8, everything is recomputed).
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub min_words: usize,
    /// Group only exact and near duplicates, not edited copies (documents whose shared
    /// passages cover most of both although their Jaccard is below the threshold).
    #[arg(long)]
    pub no_edited: bool,
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
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
    /// Only the documents of this story (an `ev-…` or `sg-…` id).
    #[arg(long, value_name = "ID")]
    pub story: Option<String>,
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
    /// Build the linker's gazetteer from the public lists and the curated entries.
    Gazetteer(TrainGazetteerArgs),
}

#[derive(Args, Debug)]
pub struct TrainGazetteerArgs {
    /// Folder of the public lists (as ../shared/data/gazetteers); every list is required.
    #[arg(long, default_value = "../shared/data/gazetteers", value_name = "DIR")]
    pub gazetteers: PathBuf,
    /// Hand-written entries (leaders, organisations, aliases) merged over the lists.
    #[arg(long, default_value = "crates/marsad-link/data/curated.tsv", value_name = "FILE")]
    pub curated: PathBuf,
    /// Where to write the gazetteer (zstd-compressed TSV, embedded in the binary at build time).
    #[arg(long, default_value = "crates/marsad-link/data/gazetteer.tsv.zst", value_name = "FILE")]
    pub out: PathBuf,
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
    /// More training data from other corpora, each file its own domain: every feature
    /// fires once generic and once tagged with its corpus, and the model keeps the
    /// generic weights plus the `--train` corpus's own. FANE fine types
    /// (`B-Politician`, WikiFANE's `all.fine.conll`) are read as ANERcorp would tag them.
    /// Never used as development data.
    #[arg(long = "extra", value_name = "FILE")]
    pub extra: Vec<PathBuf>,
    /// A bias added to the O label's score at every word of the second pass (negative:
    /// more entities); without it, the bias on O and on each kind are chosen on the
    /// development sentences for F1.
    #[arg(long, value_name = "SCORE", allow_hyphen_values = true)]
    pub o_bias: Option<f32>,
    /// The share of each pass's non-zero weight rows to keep, those with the largest
    /// weights (smaller model file, faster load and tagging).
    #[arg(long, default_value_t = 1.0)]
    pub keep_rows: f64,
    /// The share of a word's features the first pass leaves out, at random, each time it
    /// learns from a sentence (dropout): it learns not to lean on any one feature, which
    /// helps on names it never saw.
    #[arg(long, default_value_t = 0.0, value_parser = share)]
    pub dropout: f64,
    /// The same for the second pass.
    #[arg(long, default_value_t = 0.0, value_parser = share)]
    pub dropout_second: f64,
    /// Word clusters from `marsad train clusters`.
    #[arg(long, default_value = "crates/marsad-extract/data/clusters.tsv.zst", value_name = "FILE")]
    pub clusters: PathBuf,
    /// Unlabelled news (.jsonl / .jsonl.zst with `title` and `text`): the first pass tags
    /// it, and the second pass reads what it said of each word across it (each jackknife
    /// fold from its own first pass; the model keeps the final first pass's table).
    #[arg(long = "corpus", value_name = "FILE")]
    pub corpus: Vec<PathBuf>,
    /// Articles read per `--corpus` file (0 = all).
    #[arg(long, default_value_t = 0)]
    pub corpus_limit: u64,
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
    /// Quotes, speakers and event types against the project's own annotated sentences of
    /// ../shared/data/corpus (corpus ids and offsets in crates/marsad-events/data/gold.tsv).
    Events(EvalEventsArgs),
    /// Time expressions: extraction and resolution against the Arabic DateTime specs of
    /// Recognizers-Text, the project's own annotated fixtures, and publication-day inference
    /// on a real corpus with its metadata dates hidden.
    Time(EvalTimeArgs),
    /// Story clustering against a labelled set: pairwise and B-cubed precision, recall and
    /// F1 of events and sagas.
    Stories(EvalStoriesArgs),
    /// Near-duplicate detection against the exact Jaccard truth (computed here on the same
    /// shingles) on a corpus: precision, recall, recall on pairs similar but not identical,
    /// and the same-URL duplicate groups found (edited copies included).
    Dups(EvalDupsArgs),
}

#[derive(Args, Debug)]
pub struct EvalStoriesArgs {
    /// The labelled set: `corpus<TAB>id<TAB>event<TAB>saga` per article, after a header.
    #[arg(long, value_name = "FILE", default_value = "crates/marsad-story/data/eval/ant_2018-05-14_events.tsv")]
    pub gold: PathBuf,
    /// The corpus the labelled articles come from.
    #[arg(long, value_name = "FILE", default_value = "../shared/data/corpus/antcorpus/ant_v2.1_multisource.jsonl.zst")]
    pub corpus: PathBuf,
    /// Cosine from which a document joins an event (default: the built-in setting).
    #[arg(long)]
    pub event_threshold: Option<f32>,
    /// Cosine from which a new event joins a saga.
    #[arg(long)]
    pub saga_threshold: Option<f32>,
    /// Score a grid of thresholds instead of one setting.
    #[arg(long)]
    pub sweep: bool,
    /// Print, for each labelled event of several articles, how its articles were clustered.
    #[arg(long)]
    pub errors: bool,
    /// Other settings of the clusterer, as `name=value` (e.g. `entity_weight=2`).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub settings: Vec<String>,
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
}

#[derive(Args, Debug)]
pub struct StoriesArgs {
    /// Only this story.
    #[arg(long)]
    pub id: Option<String>,
    /// Only events or only sagas.
    #[arg(long, value_parser = ["event", "saga"])]
    pub level: Option<String>,
    /// Only stories with at least this many documents.
    #[arg(long, default_value_t = 1)]
    pub min_documents: u64,
    /// Only stories whose days overlap this range (ISO days).
    #[arg(long, value_name = "DAY")]
    pub from: Option<String>,
    #[arg(long, value_name = "DAY")]
    pub to: Option<String>,
    /// At most this many stories, latest first (0 = all).
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Sentences per summary.
    #[arg(long, default_value_t = 3)]
    pub summary_sentences: usize,
    /// Forget the stories and cluster every document again (after changing settings).
    #[arg(long)]
    pub rebuild: bool,
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
}

#[derive(Args, Debug)]
pub struct TimelineArgs {
    /// A story id (`ev-…` or `sg-…`).
    #[arg(long, conflicts_with = "entity")]
    pub story: Option<String>,
    /// An entity: its id, canonical name or a spelling as written.
    #[arg(long)]
    pub entity: Option<String>,
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
}

#[derive(Args, Debug)]
pub struct EvalDupsArgs {
    /// A JSONL corpus (.jsonl or .jsonl.zst); the `text` field is compared.
    #[arg(long, value_name = "FILE", default_value = "../shared/data/corpus/antcorpus/ant_v2.1_multisource.jsonl.zst")]
    pub corpus: PathBuf,
    /// Articles of the corpus to use (0 = all).
    #[arg(long, default_value_t = 20000)]
    pub limit: u64,
    /// Jaccard threshold on word 5-shingle sets.
    #[arg(long, default_value_t = 0.8)]
    pub threshold: f64,
    /// Shortest reused passage, in words.
    #[arg(long, default_value_t = 8)]
    pub min_words: usize,
    /// Same-URL duplicate groups (groups.jsonl); skipped when missing.
    #[arg(long, value_name = "FILE", default_value = "../shared/data/eval/ant-same-url-duplicates/groups.jsonl")]
    pub groups: PathBuf,
    /// The peers' exact truth pairs (JSONL of {a, b, jaccard} by corpus id), to report recall of them too.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "../shared/bench/results/ant_v2.1_multisource_20000/dedup_truth_pairs.jsonl"
    )]
    pub peer_truth: Option<PathBuf>,
    /// Edited-copy pairs to list.
    #[arg(long, default_value_t = 10)]
    pub examples: usize,
    /// Fail (exit 1) unless precision and recall reach 0.99, recall on the pairs similar
    /// but not identical 0.95, and every same-URL group is found.
    #[arg(long)]
    pub check: bool,
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
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
    /// HeidelTime's Arabic output on 50 news articles (silver, not gold): span, type and
    /// absolute-value agreement.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "../shared/data/eval/heideltime-arabic-news-silver/heideltime_silver.jsonl"
    )]
    pub heideltime: PathBuf,
    /// Articles of the corpus to pass over first (a held-out part: `--skip 20000`).
    #[arg(long, default_value_t = 0)]
    pub skip: u64,
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
    /// Print each wrong answer.
    #[arg(long)]
    pub errors: bool,
}

#[derive(Args, Debug)]
pub struct EvalEventsArgs {
    /// The ANT corpus file the annotated sentences come from.
    #[arg(long, value_name = "FILE", default_value = "../shared/data/corpus/antcorpus/ant_v2.1_multisource.jsonl.zst")]
    pub corpus: PathBuf,
    /// The annotations (corpus id, sentence offsets, labels).
    #[arg(long, value_name = "FILE", default_value = "crates/marsad-events/data/gold.tsv")]
    pub gold: PathBuf,
    /// Instead of scoring, print this many sentences for annotation, chosen by the sampling
    /// procedure (see ARCHITECTURE.md), with their ids and offsets.
    #[arg(long, value_name = "N")]
    pub sample: Option<usize>,
    /// Which 1/64 of the articles `--sample` draws from (0: the tuning set, 1: the held-out set).
    #[arg(long, default_value_t = 0)]
    pub bucket: u8,
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
    /// Print each disagreement.
    #[arg(long)]
    pub errors: bool,
}

#[derive(Args, Debug)]
pub struct EventsArgs {
    /// Only this type (ceasefire_agreed, military_attack, …).
    #[arg(long = "type")]
    pub kind: Option<String>,
    /// Only events stated as having happened (not negated, hypothetical or future).
    #[arg(long)]
    pub asserted: bool,
    #[arg(long, default_value_t = 1000)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = EventsFormat::Json)]
    pub format: EventsFormat,
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// The event table: `--format gdelt` gives GDELT-like columns (date, actor1 and its
    /// country, actor2 and its country, CAMEO code, location, document id, url, sentence).
    Events(EventsArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EventsFormat {
    Json,
    Csv,
    Gdelt,
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
    /// loose-names, adverbs, adjectives, consistent-kinds.
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
    /// events (quotes, quantities and events on the same articles), dedup (near-duplicates; with
    /// peer_dedup.py when --python is given), reuse (shared passages); not by default: stories
    /// (analysis, then story clustering of --stories-corpora), api (a load test of `marsad serve`
    /// on loopback over a store of the articles) and search (index build and query latency on the
    /// corpus plus --search-extra, beside peer_search.py's SQLite FTS5 on the same articles and queries).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "read,text,clitics,time,prepare,ingest,ner,ner-articles,events,dedup,reuse"
    )]
    pub stages: Vec<String>,
    /// Requests the `api` stage sends (after a tenth as many to warm up).
    #[arg(long, default_value_t = 20_000, value_name = "N")]
    pub api_requests: usize,
    /// Connections the `api` stage keeps busy at once.
    #[arg(long, default_value_t = 32, value_name = "N")]
    pub api_concurrency: usize,
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
    /// The corpora the `stories` stage clusters together (all their articles, or
    /// --stories-limit of them), with the time per article at every 10,000.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "FILE,...",
        default_value = "../shared/data/corpus/antcorpus/ant_v2.1_multisource.jsonl.zst,../shared/data/corpus/saudinewsnet/saudinewsnet.jsonl.zst"
    )]
    pub stories_corpora: Vec<PathBuf>,
    /// Articles for the `stories` stage (0 = all of --stories-corpora).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub stories_limit: u64,
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

/// A share in [0, 1).
fn share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..1.0).contains(&x) => Ok(x),
        _ => Err(format!("{s:?} is not a share from 0 to below 1")),
    }
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

fn parse_newsroom_offset(s: &str) -> Result<jiff::tz::Offset, String> {
    marsad_ingest::dates::parse_offset(s).ok_or_else(|| format!("{s:?} is no UTC offset (+03:00, +0100, UTC)"))
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
