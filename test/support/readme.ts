/** The README read as a test reads it: its sections, its `$ command` blocks with their output, and running those commands. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "./run";
import { PROJECT } from "./project";

export const README = readFileSync(join(PROJECT, "README.md"), "utf8");

/** What the README's sample outputs show for the project's folder: no machine's path appears in the README. */
export const README_PROJECT = "<project>";

/** The text of a section, from its heading (`## title` or `### title`) to the next heading of the same level or above. */
export function section(heading: string): string {
  const level = heading.match(/^#+/)?.[0].length ?? 0;
  const start = README.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no heading ${heading}`);
  const rest = README.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`^#{1,${level}} `, "m"));
  return next < 0 ? rest : rest.slice(0, next);
}

/** The code blocks of a text in a given language ("" for blocks without one), their lines' common indent removed. */
export function codeBlocks(text: string, language: string): string[] {
  return [...text.matchAll(/^( *)```(\w*)\n([\s\S]*?)^ *```$/gm)]
    .filter((match) => match[2] === language)
    .map((match) => match[3].replace(new RegExp(`^${match[1]}`, "gm"), ""));
}

/** A block showing a command and what it printed: its first line is `$ command`, the rest the output. */
export interface Transcript {
  command: string;
  output: string[];
}

export function transcripts(text: string): Transcript[] {
  return codeBlocks(text, "")
    .filter((block) => block.startsWith("$ "))
    .map((block) => {
      const [first, ...output] = block.trimEnd().split("\n");
      return { command: first.slice(2), output };
    });
}

/** The environment of a command run outside npm: no npm_* variables, so paths are read where the command runs. */
export const plainEnv = () => Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|INIT_CWD$)/i.test(key)));

/**
 * Runs `npm start -- ARGS` or `npm run <script> -- ARGS` as npm would (the script's command, in this process: runCommand),
 * in `cwd` rather than in the project, so it writes nothing here. `typedIn` runs it as npm does when the
 * command was typed in another folder: from the project root, with that folder as INIT_CWD.
 */
export function runNpmCommand(command: string, cwd: string, typedIn?: string) {
  const match = command.match(/^npm (?:start|run (\w+)) -- (.*)$/);
  if (!match) throw new Error(`not an npm script command: ${command}`);
  const script = match[1] ?? "start";
  const entry = script === "start" ? join(PROJECT, "main.ts") : join(PROJECT, "cli", `${script}.ts`);
  const env = typedIn ? { ...plainEnv(), INIT_CWD: typedIn, npm_lifecycle_event: script } : plainEnv();
  return runCommand(entry, match[2].split(/\s+/), { cwd: typedIn ? PROJECT : cwd, env });
}

/** GitHub's anchor for a heading: lower case, punctuation but hyphens and underscores dropped, spaces as hyphens. */
export const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, "")
    .replace(/ /g, "-");
