import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { exported, topologyNamed } from "../support/export";
import { TOPOLOGIES } from "../support/project";

type Project = {
  name: string;
  dir: string;
  execution_order_group: number;
  depends_on?: string[];
  autoplan: { enabled: boolean; when_modified: string[] };
  workflow?: string;
};

/** Atlantis reads when_modified as .dockerignore patterns (Go's filepath.Match): `*` never crosses a "/". */
const matches = (pattern: string, file: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`).test(file);
const planned = (project: Project, file: string) => project.autoplan.when_modified.some((pattern) => matches(pattern, file));

describe("the export's atlantis.yaml", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), "eventbridge-atlantis-"));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  test.each(TOPOLOGIES)("%s: one project per stack in its folder, grouped by step, depending on its dependencies", (name) => {
    for (const format of ["json", "hcl"] as const) {
      const { order, atlantis } = exported(topologyNamed(name), cwd, { format });
      expect(atlantis).toMatchObject({ version: 3, parallel_plan: true, parallel_apply: true, abort_on_execution_order_fail: true });
      const projects = atlantis.projects as Project[];
      expect(projects.map((project) => project.name)).toEqual(order.stacks.map((stack) => stack.name));
      projects.forEach((project, i) => {
        const stack = order.stacks[i];
        expect(project.dir).toBe(`terraform/${stack.name}`);
        expect(existsSync(join(cwd, project.dir, basename(stack.file)))).toBe(true);
        expect(project.execution_order_group).toBe(stack.step);
        expect(project.depends_on ?? []).toEqual(stack.dependencies);
        expect(project.autoplan.enabled).toBe(true);
        // The digest's file and Terraform's own files plan the stack; its README does not.
        for (const file of [basename(stack.file), "backend_override.tf", "override.tf.json", ".terraform.lock.hcl"]) {
          expect(planned(project, file)).toBe(true);
        }
        expect(planned(project, "README.md")).toBe(false);
      });
      for (const project of projects) {
        for (const dependency of project.depends_on ?? []) {
          const group = projects.find((candidate) => candidate.name === dependency)?.execution_order_group;
          expect(group).toBeLessThan(project.execution_order_group);
        }
      }
    }
  });

  test("a partial backend: the stacks' projects init with their backend.hcl through a workflow of the repo config", () => {
    const { atlantis } = exported(topologyNamed("examples/many-to-many.json"), cwd);
    const [project] = atlantis.projects as Project[];
    expect(project.workflow).toBe("partial-backend");
    expect(planned(project, "backend.hcl")).toBe(true);
    expect(atlantis.workflows).toEqual({
      "partial-backend": { plan: { steps: [{ init: { extra_args: ["-backend-config=backend.hcl"] } }, "plan"] } },
    });
  });

  test("complete backends need no workflow", () => {
    const { atlantis } = exported(topologyNamed("examples/organization-grant.json"), cwd);
    expect(atlantis.workflows).toBeUndefined();
    expect((atlantis.projects as Project[]).map((project) => project.workflow)).toEqual(atlantis.projects.map(() => undefined));
  });
});
