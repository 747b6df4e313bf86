/**
 * Jest's setup of every test file: cdktf synthesizes as the app does (cli/command-line.ts), without
 * a stack trace per token. Under jest each such trace is mapped through the source maps of every frame,
 * which cost the suite about 16 s of CPU time. The traces only ever appear in the message of a token
 * that fails to resolve; test/framework/fast-synthesis.test.ts checks cdktf as library users get it.
 */
import { skipTokenStackTraces } from "../../framework/fast-synthesis";

skipTokenStackTraces();
