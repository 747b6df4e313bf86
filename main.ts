#!/usr/bin/env node
// The cdktf app (cdktf.json) and `npm start`: synthesizes the topology named on the command line.
import { commandArguments } from "./cli/arguments";
import { synth } from "./cli/synth";

process.exitCode = synth(commandArguments());
