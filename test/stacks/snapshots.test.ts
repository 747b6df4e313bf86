import { synthesize } from "../support/synth";
import { TOPOLOGIES } from "../support/project";

// The synthesized Terraform JSON is the product: every stack of the default and of every example
// is pinned, so any change to it shows up as a reviewed snapshot diff.
describe.each(TOPOLOGIES)("%s", (topology) => {
  const synthesized = synthesize(topology);

  test.each(synthesized.stacks.map((stack) => stack.name))("stack %s", (stack) => {
    expect(synthesized.json(stack)).toMatchSnapshot();
  });

  test("manifest orders the stacks", () => {
    expect(synthesized.manifest).toMatchSnapshot();
  });

  test("holds no machine path and no test-only setting", () => {
    for (const stack of synthesized.stacks) {
      const text = synthesized.text(stack.name);
      expect(text).not.toMatch(/\/(tmp|root|home|work|Users)\//);
      expect(text).not.toMatch(/skip_|access_key|secret_key|127\.0\.0\.1|localhost/);
    }
  });
});
