describe("skipTokenStackTraces", () => {
  test("stops cdktf recording a stack trace per token (fails if a cdktf upgrade moves that code)", async () => {
    // Modules of their own: the jest setup (test/support/jest-setup.ts) has already patched this file's cdktf.
    await jest.isolateModulesAsync(async () => {
      const { Lazy } = await import("cdktf");
      const { skipTokenStackTraces } = await import("../../framework/fast-synthesis");
      expect(Lazy.anyValue({ produce: () => "x" }).creationStack.length).toBeGreaterThan(0);
      skipTokenStackTraces();
      expect(Lazy.anyValue({ produce: () => "x" }).creationStack).toEqual([]);
    });
  });
});
