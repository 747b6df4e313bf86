/** `npm run modules`: writes terraform-modules/ from the specs. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TERRAFORM_MODULES, renderTerraformModule } from "../pipeline/terraform-modules/render";

/** Where the generated Terraform modules live in the repository and the package. */
export const TERRAFORM_MODULES_DIR = join(__dirname, "..", "terraform-modules");

if (require.main === module) {
  for (const spec of TERRAFORM_MODULES) {
    const folder = join(TERRAFORM_MODULES_DIR, spec.name);
    mkdirSync(folder, { recursive: true });
    for (const [file, text] of Object.entries(renderTerraformModule(spec))) writeFileSync(join(folder, file), text);
    console.log(`wrote terraform-modules/${spec.name}`);
  }
}
