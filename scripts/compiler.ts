/**
 * The compiler of the build, the CDK Terrain package and npm test's type check: TypeScript 7, the
 * native one (devDependency typescript-7), which checks this project in a tenth of TypeScript 5's CPU
 * time. TypeScript 5 stays for what needs its JavaScript API (typescript-eslint's parser) and for the
 * package test's consumers, whose compile shows the declarations read by TypeScript 5 as well.
 */
import { join } from "node:path";

export const TSC = join(__dirname, "..", "node_modules", "typescript-7", "bin", "tsc");
