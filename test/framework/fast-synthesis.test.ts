import { Lazy } from "cdktf";
import { skipTokenStackTraces } from "../../framework/fast-synthesis";

describe("skipTokenStackTraces", () => {
  test("stops cdktf recording a stack trace per token (fails if a cdktf upgrade moves that code)", () => {
    expect(Lazy.anyValue({ produce: () => "x" }).creationStack.length).toBeGreaterThan(0);
    skipTokenStackTraces();
    expect(Lazy.anyValue({ produce: () => "x" }).creationStack).toEqual([]);
  });
});
