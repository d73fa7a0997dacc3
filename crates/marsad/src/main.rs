//! The `marsad` command line. A thin layer: parsing, progress, output and exit codes;
//! the work is in the library crates.

mod cli;
mod commands;
mod corpus;
mod indexing;
mod memory;
mod pipeline;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, EvalCommand, ExportCommand, TrainCommand};

/// Exit status when `--strict` finds something skipped.
const EXIT_SKIPPED: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    marsad_ingest::dates::set_newsroom_offset(cli.newsroom_offset);
    let show_progress = !cli.quiet && std::io::stderr().is_terminal();
    match run(cli, show_progress) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli, show_progress: bool) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Ingest(args) => {
            pipeline::use_ner_model(cli.ner_model.as_deref())?;
            let summary = commands::ingest::ingest(&cli.data, args, show_progress)?;
            commands::ingest::print(&summary, args.format, args.show)?;
            if args.strict && summary.skipped > 0 {
                eprintln!("error: {} input(s) skipped and --strict was given", summary.skipped);
                return Ok(ExitCode::from(EXIT_SKIPPED));
            }
        }
        Command::Analyze(args) => {
            pipeline::use_ner_model(cli.ner_model.as_deref())?;
            let (_, skipped) = commands::analyze::analyze(args, show_progress)?;
            if skipped > 0 {
                eprintln!("{skipped} input(s) skipped (see above)");
            }
        }
        Command::Documents(args) => commands::documents::documents(&cli.data, args)?,
        Command::Show(args) => commands::documents::show(&cli.data, args)?,
        Command::Stats(args) => commands::documents::stats(&cli.data, args.format)?,
        Command::Entities(args) => commands::documents::entities(&cli.data, args)?,
        Command::Stories(args) => commands::stories::stories(&cli.data, args, show_progress)?,
        Command::Timeline(args) => commands::stories::timeline_command(&cli.data, args)?,
        Command::Text(args) => commands::text::text(args)?,
        Command::Events(args) => commands::events::events(&cli.data, args)?,
        Command::Export(ExportCommand::Events(args)) => commands::events::events(&cli.data, args)?,
        Command::Eval(EvalCommand::Events(args)) => commands::events::eval(args, show_progress)?,
        Command::Train(TrainCommand::Lexicon(args)) => commands::train::lexicon(args, show_progress)?,
        Command::Train(TrainCommand::Clusters(args)) => commands::ner::train_clusters(args, show_progress)?,
        Command::Train(TrainCommand::Ner(args)) => commands::ner::train(args, show_progress)?,
        Command::Train(TrainCommand::Gazetteer(args)) => commands::train::gazetteer(args)?,
        Command::Eval(EvalCommand::Ner(args)) => commands::ner::eval(args, show_progress)?,
        Command::Eval(EvalCommand::Time(args)) => commands::time::eval(args, show_progress)?,
        Command::Eval(EvalCommand::Stories(args)) => {
            pipeline::use_ner_model(cli.ner_model.as_deref())?;
            commands::stories::eval(args, show_progress)?
        }
        Command::Eval(EvalCommand::Dups(args)) => commands::dups::eval(args)?,
        Command::Dups(args) => commands::dups::run(&cli.data, args, show_progress)?,
        Command::Bench(args) => commands::bench::bench(args, cli.ner_model.as_deref(), show_progress)?,
        Command::Serve(args) => {
            pipeline::use_ner_model(cli.ner_model.as_deref())?;
            commands::serve::serve(&cli.data, args)?;
        }
        Command::Search(args) => {
            let results = commands::search::search(&cli.data, args, show_progress)?;
            commands::search::print(&results, args.format)?;
        }
        Command::Reindex => {
            let n = commands::search::reindex(&cli.data, show_progress)?;
            println!("search index rebuilt: {n} document(s)");
        }
    }
    Ok(ExitCode::SUCCESS)
}
