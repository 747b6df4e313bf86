/** The export's GitHub Actions workflow: verify and plan on pull request, apply on merge step by step, each step after approval. */
import { STACKS_FILE } from "./apply-order";
import { BACKEND_CONFIG_FILE, GENERATED, PipelineInput, PipelineStack, toYaml } from "./pipelines";

/** Repository variable: the role the workflow assumes through GitHub's OIDC provider; it may assume each stack's roles. */
export const PIPELINE_ROLE_VARIABLE = "AWS_PIPELINE_ROLE_ARN";
/** Repository secret: a shared AWS config file defining the named profiles of the stacks that use profiles. */
export const SHARED_CONFIG_SECRET = "AWS_SHARED_CONFIG";
/** The branch merges apply from. */
export const MAIN_BRANCH = "main";
/**
 * The GitHub environment every apply job runs in: give it required reviewers (Settings, Environments) and
 * each wave waits for their approval ("Using environments for deployment",
 * https://docs.github.com/en/actions/deployment/targeting-different-environments/using-environments-for-deployment).
 */
export const APPROVAL_ENVIRONMENT = "eventbridge-apply";
/** The job that verifies the export and checks it is the topology's, before any plan. */
export const VERIFY_JOB = "verify";

const ON_PULL_REQUEST = "github.event_name == 'pull_request'";
const ON_PUSH = "github.event_name == 'push'";

/** The job id of an apply step. */
export const applyJob = (step: number) => `apply-step-${step}`;

type Step = Record<string, unknown>;

/** The steps every stack job starts with: the repository, Terraform, credentials, `terraform init` with the stack's backend. */
function setupSteps(input: PipelineInput): Step[] {
  const profiles = input.stacks.some((stack) => stack.namedProfiles);
  const partial = input.stacks.some((stack) => stack.state === "partial");
  return [
    { uses: "actions/checkout@v4" },
    { uses: "hashicorp/setup-terraform@v3" },
    {
      name: "Credentials the providers assume each account's role with",
      uses: "aws-actions/configure-aws-credentials@v4",
      with: { "role-to-assume": `\${{ vars.${PIPELINE_ROLE_VARIABLE} }}`, "aws-region": "${{ matrix.region }}" },
    },
    ...(profiles
      ? [
          {
            name: "Shared AWS config file defining the named profiles of the stack's README",
            if: "matrix.profiles",
            env: { SHARED_CONFIG: `\${{ secrets.${SHARED_CONFIG_SECRET} }}` },
            run: [
              'printf \'%s\\n\' "$SHARED_CONFIG" > "$RUNNER_TEMP/aws-config"',
              'echo "AWS_CONFIG_FILE=$RUNNER_TEMP/aws-config" >> "$GITHUB_ENV"',
              "",
            ].join("\n"),
          },
        ]
      : []),
    {
      name: "Initialize",
      run: partial ? "terraform init -input=false ${{ matrix.backend-config }}" : "terraform init -input=false",
    },
  ];
}

/** One job running each of `stacks` in parallel, in its folder. */
function stacksJob(input: PipelineInput, stacks: readonly PipelineStack[], job: Step, last: Step): Step {
  const include = stacks.map((stack) => ({
    stack: stack.name,
    region: stack.region,
    // A flag, not the names: GitHub would evaluate a "${{" in a profile name written here.
    ...(stack.namedProfiles ? { profiles: true } : {}),
    ...(stack.state === "partial" ? { "backend-config": `-backend-config=${BACKEND_CONFIG_FILE}` } : {}),
  }));
  return {
    ...job,
    "runs-on": "ubuntu-latest",
    strategy: { "fail-fast": false, matrix: { include } },
    defaults: { run: { "working-directory": `${input.folder}/\${{ matrix.stack }}` } },
    steps: [...setupSteps(input), last],
  };
}

/** A pull request's export must have been compared with the export of the branch it merges into, or it plans the wrong stacks. */
function baselineJob(input: PipelineInput, since: string): Step {
  return {
    name: `${STACKS_FILE} was exported with --changed-since the base branch's export`,
    if: ON_PULL_REQUEST,
    "runs-on": "ubuntu-latest",
    steps: [
      { uses: "actions/checkout@v4", with: { "fetch-depth": 0 } },
      {
        env: { STACKS: `${input.folder}/${STACKS_FILE}`, COMPARED_WITH: since },
        run: [
          'base="sha256:$(git show "origin/$GITHUB_BASE_REF:$STACKS" | sha256sum | cut -d " " -f 1)"',
          'if [ "$base" != "$COMPARED_WITH" ]; then',
          '  echo "::error::$STACKS was not compared with the export of $GITHUB_BASE_REF: export again with --changed-since that export"',
          "  exit 1",
          "fi",
          "",
        ].join("\n"),
      },
    ],
  };
}

/** What the export is of when no topology file was given. */
const EMBEDDED_TOPOLOGY = "the embedded example topology";

/** Re-exports in the checkout, where the pipeline files name the folder as committed, and fails on any difference. */
function exportCheck(input: PipelineInput): string {
  const command = ["npx eventbridge export", ...(input.topology ? ['"$TOPOLOGY"'] : []), `--format ${input.format}`, '--out "$EXPORT"'];
  return [
    "set -euo pipefail",
    ...(input.changedSince
      ? [
          'git worktree add "$RUNNER_TEMP/base" "origin/$GITHUB_BASE_REF"',
          `${command.join(" ")} --changed-since "$RUNNER_TEMP/base/$EXPORT"`,
        ]
      : [command.join(" ")]),
    'if [ -n "$(git status --porcelain -- "$EXPORT")" ]; then',
    '  git status --short -- "$EXPORT"',
    '  git diff --stat -- "$EXPORT"',
    `  echo "::error title=Stale export::$EXPORT is not the export of ${input.topology ? "$TOPOLOGY" : EMBEDDED_TOPOLOGY}: ` +
      'run the export again, as its README says, and commit the result"',
    "  exit 1",
    "fi",
    "",
  ].join("\n");
}

/** On pull request: the cross-account links verified, and the committed export checked against the topology. */
function verifyJob(input: PipelineInput): Step {
  return {
    name: "verify the export and that it is the topology's",
    if: ON_PULL_REQUEST,
    "runs-on": "ubuntu-latest",
    steps: [
      { uses: "actions/checkout@v4", ...(input.changedSince ? { with: { "fetch-depth": 0 } } : {}) },
      { uses: "actions/setup-node@v4", with: { "node-version": 20, cache: "npm" } },
      { name: "Install the package (a dependency in package.json)", run: "npm ci" },
      { name: "Verify the cross-account links", run: `npx eventbridge verify ${input.folder}` },
      {
        name: "The committed export is the topology's",
        env: { EXPORT: input.folder, ...(input.topology ? { TOPOLOGY: input.topology } : {}) },
        run: exportCheck(input),
      },
    ],
  };
}

/** Removed stacks are not destroyed by anyone: every run says so. */
function removedJob(removed: readonly string[]): Step {
  return {
    name: "Stacks no longer exported",
    "runs-on": "ubuntu-latest",
    steps: [
      {
        env: { REMOVED: removed.join(", ") },
        run:
          'echo "::warning title=Stacks no longer exported::$REMOVED: their resources stay in AWS until terraform destroy runs ' +
          'in their folders of the earlier export"\n',
      },
    ],
  };
}

function header(input: PipelineInput): string[] {
  const changed = input.stacks.filter((stack) => stack.changed).map((stack) => stack.name);
  return [
    GENERATED,
    `Copy it into .github/workflows/ of the repository that holds the export in ${input.folder}/.`,
    `Pull request: first verifies the links (eventbridge verify) and that ${input.folder}/ is the export of ${
      input.topology ?? EMBEDDED_TOPOLOGY
    }.`,
    input.changedSince
      ? `Pull request: plans the stacks changed since the export compared with: ${changed.join(", ") || "none"}.`
      : "Pull request: plans every stack (export with --changed-since to plan only the changed ones).",
    `Merge to ${MAIN_BRANCH}: applies the same stacks step by step, the stacks of a step in parallel, each step in the`,
    `environment ${APPROVAL_ENVIRONMENT}: give it required reviewers, and each step waits for their approval.`,
    `Credentials: repository variable ${PIPELINE_ROLE_VARIABLE}, a role GitHub's OIDC provider may assume;`,
    "it must be allowed to assume the role of each stack's providers (see the stack's README), and its trust policy must admit",
    `the subjects repo:<owner>/<repo>:pull_request (plans) and repo:<owner>/<repo>:environment:${APPROVAL_ENVIRONMENT} (applies).`,
    ...(input.stacks.some((stack) => stack.namedProfiles)
      ? [`Named profiles (in the stacks' READMEs): repository secret ${SHARED_CONFIG_SECRET} holds a shared config file defining them.`]
      : []),
    ...(input.stacks.some((stack) => stack.state === "partial")
      ? [`Partial backends: commit each stack's settings in ${input.folder}/<stack>/${BACKEND_CONFIG_FILE}.`]
      : []),
    ...(input.stacks.some((stack) => stack.state === "local")
      ? ["Local state files are lost with the runner: choose an S3 backend (state.backend) before applying from here."]
      : []),
  ];
}

/** The workflow: baseline and verify checks and one plan job on pull request, one approved apply job per step on merge. */
export function githubWorkflow(input: PipelineInput): string {
  const changed = input.stacks.filter((stack) => stack.changed);
  const steps = [...new Set(changed.map((stack) => stack.step))].sort((a, b) => a - b);
  const jobs: Record<string, Step> = {};
  if (input.changedSince) jobs.baseline = baselineJob(input, input.changedSince);
  if (input.removed.length > 0) jobs.removed = removedJob(input.removed);
  jobs[VERIFY_JOB] = verifyJob(input);
  if (changed.length > 0) {
    jobs.plan = stacksJob(
      input,
      changed,
      { name: "plan ${{ matrix.stack }}", if: ON_PULL_REQUEST, needs: [...(input.changedSince ? ["baseline"] : []), VERIFY_JOB] },
      { name: "Plan", run: "terraform plan -input=false -lock-timeout=10m" },
    );
  }
  steps.forEach((step, i) => {
    jobs[applyJob(step)] = stacksJob(
      input,
      changed.filter((stack) => stack.step === step),
      {
        name: `apply step ${step}: \${{ matrix.stack }}`,
        if: ON_PUSH,
        ...(i > 0 ? { needs: [applyJob(steps[i - 1])] } : {}),
        environment: APPROVAL_ENVIRONMENT,
      },
      // One command under one state lock; the timeout lets a plan or the apply of a later merge wait for it.
      { name: "Apply", run: "terraform apply -input=false -auto-approve -lock-timeout=10m" },
    );
  });
  const paths = [`${input.folder}/**`];
  // A change of the topology or of the package's version alone must meet the export check too.
  const checked = [...paths, ...(input.topology ? [input.topology] : []), "package-lock.json"];
  const workflow = {
    name: "eventbridge",
    on: { pull_request: { paths: checked }, push: { branches: [MAIN_BRANCH], paths } },
    permissions: { "id-token": "write", contents: "read" },
    jobs,
  };
  return toYaml(workflow, header(input));
}
