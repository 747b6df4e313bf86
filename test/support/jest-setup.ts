/**
 * Jest's setup of every test file: cdktf synthesizes as the app does (cli/command-line.ts), without a
 * stack trace per token and with the app's token resolution. Under jest each trace is mapped through
 * the source maps of every frame: the traces cost the suite 16 s of CPU time, cdktf's resolution 5 s
 * more. test/framework/ checks both against cdktf as library users get it.
 */
import "./cdktf-own";
import { speedUpSynthesis } from "../../framework/fast-synthesis";

speedUpSynthesis();
