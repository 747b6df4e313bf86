/**
 * The export's Atlantis repo config: one project per stack, in execution order groups by apply step,
 * each with `depends_on` its dependencies (https://www.runatlantis.io/docs/repo-level-atlantis-yaml).
 */
import { BACKEND_CONFIG_FILE, GENERATED, PipelineInput, toYaml } from "./pipelines";

/** The custom workflow of stacks with a partial backend: `terraform init -backend-config=backend.hcl`. */
export const PARTIAL_BACKEND_WORKFLOW = "partial-backend";

/**
 * What a stack's plan depends on: its root module, any override or other .tf file beside it, the
 * lock file, and the backend settings of a partial backend. The README and stacks.json are not:
 * a change to them changes no plan.
 */
const WHEN_MODIFIED = ["*.tf", "*.tf.json", ".terraform.lock.hcl"];

function header(input: PipelineInput): string[] {
  const partial = input.stacks.some((stack) => stack.state === "partial");
  return [
    GENERATED,
    `Copy it to the root of the repository that holds the export in ${input.folder}/: Atlantis reads no other atlantis.yaml.`,
    "Atlantis plans a stack when a pull request changes its files and applies in apply-step order (execution_order_group),",
    "a stack only after those of its dependencies the pull request changes (depends_on).",
    "The server's credentials must be allowed to assume the role of each stack's providers (see the stack's README).",
    ...(input.stacks.some((stack) => stack.namedProfiles)
      ? ["Named profiles (in the stacks' READMEs): define them in the shared AWS config file of the server."]
      : []),
    ...(partial
      ? [
          `Partial backends: commit each stack's settings in ${input.folder}/<stack>/${BACKEND_CONFIG_FILE}; the server must allow`,
          "this repository's custom workflows (allow_custom_workflows, allowed_overrides: [workflow]).",
        ]
      : []),
    ...(input.stacks.some((stack) => stack.state === "local")
      ? ["Local state files stay on the server's clone of a pull request: choose an S3 backend (state.backend) first."]
      : []),
  ];
}

/** atlantis.yaml, version 3. */
export function atlantisConfig(input: PipelineInput): string {
  const projects = input.stacks.map((stack) => ({
    name: stack.name,
    dir: `${input.folder}/${stack.name}`,
    execution_order_group: stack.step,
    // Atlantis holds an apply for a dependency only when the pull request has it as a project
    // (ValidateProjectDependencies, server/events/command_requirement_handler.go): unchanged dependencies do not block.
    ...(stack.dependencies.length > 0 ? { depends_on: [...stack.dependencies] } : {}),
    autoplan: {
      enabled: true,
      when_modified: stack.state === "partial" ? [...WHEN_MODIFIED, BACKEND_CONFIG_FILE] : WHEN_MODIFIED,
    },
    ...(stack.state === "partial" ? { workflow: PARTIAL_BACKEND_WORKFLOW } : {}),
  }));
  const partial = input.stacks.some((stack) => stack.state === "partial");
  const config = {
    version: 3,
    parallel_plan: true,
    parallel_apply: true,
    // A failed step stops the steps after it, as the apply order requires.
    abort_on_execution_order_fail: true,
    projects,
    ...(partial
      ? {
          workflows: {
            [PARTIAL_BACKEND_WORKFLOW]: {
              plan: { steps: [{ init: { extra_args: [`-backend-config=${BACKEND_CONFIG_FILE}`] } }, "plan"] },
            },
          },
        }
      : {}),
  };
  return toYaml(config, header(input));
}
