/**
 * `npm run package`: both packages, from one source, into ./packages/.
 *
 * - cdktf-eventbridge-cross-account: this package as it is (cdktf 0.21, @cdktf/provider-aws 20.x);
 * - cdktn-eventbridge-cross-account: the same sources compiled with every import of framework/
 *   read as CDK Terrain (cdktn 0.24, @cdktn/provider-aws 25.x, AWS provider 6.x). Nothing outside
 *   framework/ changes, so the two packages have the same exports, commands and Terraform.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { replaceOutputFolder } from "../stacks/output-folder";
import { TSC } from "./compiler";

const PROJECT = join(__dirname, "..");
const PACKAGES = join(PROJECT, "packages");

/** The CDK Terrain package's identity and peers: cdktn 0.24 takes constructs 10.6-10.7 and @cdktn/provider-aws 25.x. */
export const CDKTN_FLAVOR = {
  name: "cdktn-eventbridge-cross-account",
  description:
    "Cross-account Amazon EventBridge delivery on CDK Terrain: receiver bus policies, sender roles and rules, matching rules, " +
    "one aliased provider per account",
  peerDependencies: { "@cdktn/provider-aws": "^25.5.0", cdktn: "^0.24.0", constructs: ">=10.6.0 <10.8.0" },
} as const;

/** The only rewrite between the flavors: framework imports from cdktf to CDK Terrain. */
function toCdkTerrain(source: string): string {
  return source
    .replace(/from "cdktf((?:\/[^"]*)?)"/g, 'from "cdktn$1"')
    .replace(/require\("cdktf((?:\/[^"]*)?)"\)/g, 'require("cdktn$1")')
    .replace(/"@cdktf\/provider-aws\//g, '"@cdktn/provider-aws/');
}

const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });

function packInto(folder: string, destination: string): string {
  const [packed] = JSON.parse(npm(["pack", "--json", "--ignore-scripts", "--pack-destination", destination], folder));
  return packed.filename as string;
}

function filesBelow(folder: string): string[] {
  return readdirSync(folder).flatMap((name) =>
    statSync(join(folder, name)).isDirectory() ? filesBelow(join(folder, name)) : [join(folder, name)],
  );
}

/** Copies the sources the build compiles and the files the package ships, framework/ rewritten. */
function writeCdkTerrainSources(flavor: string): void {
  const pkg = JSON.parse(readFileSync(join(PROJECT, "package.json"), "utf8"));
  // What the build compiles (tsconfig.build.json) and what the package ships (package.json "files").
  const build = JSON.parse(readFileSync(join(PROJECT, "tsconfig.build.json"), "utf8")) as { include: string[] };
  const compiled = build.include.map((pattern) => pattern.split("/")[0]);
  const shipped = (pkg.files as string[]).filter((entry) => entry !== "dist");
  for (const entry of new Set([...compiled, ...shipped, "tsconfig.json", "tsconfig.build.json", "README.md", "LICENSE"])) {
    cpSync(join(PROJECT, entry), join(flavor, entry), { recursive: true });
  }
  for (const file of filesBelow(join(flavor, "framework"))) writeFileSync(file, toCdkTerrain(readFileSync(file, "utf8")));
  const { scripts: _scripts, devDependencies: _dev, jest: _jest, ...published } = pkg;
  const keywords = pkg.keywords.filter((keyword: string) => keyword !== "cdktf");
  writeFileSync(
    join(flavor, "package.json"),
    `${JSON.stringify({ ...published, ...CDKTN_FLAVOR, keywords: ["cdktn", "cdk-terrain", ...keywords] }, null, 2)}\n`,
  );
}

/** Builds and packs both flavors into `folder`; returns the tarballs' file names (cdktf first). */
export function packageFlavors(folder = PACKAGES): string[] {
  return replaceOutputFolder(folder, { kind: "package", given: relative(PROJECT, folder) }, (staging) => {
    npm(["run", "build"], PROJECT);
    const cdktf = packInto(PROJECT, staging);
    // Inside the project, so the compiler finds cdktn and @cdktn/provider-aws in its node_modules; made here, removed here.
    const flavor = mkdtempSync(join(PROJECT, ".flavor-cdktn-"));
    try {
      writeCdkTerrainSources(flavor);
      execFileSync(process.execPath, [TSC, "-p", "tsconfig.build.json"], {
        cwd: flavor,
        stdio: "inherit",
      });
      return [cdktf, packInto(flavor, staging)];
    } finally {
      rmSync(flavor, { recursive: true, force: true });
    }
  });
}

if (require.main === module) {
  for (const tarball of packageFlavors()) console.log(`packages/${tarball}`);
}
