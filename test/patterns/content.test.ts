import { ContentFilter, contentAdmits, describeDropped, describeFilter, unadmittedEvent } from "../../patterns/content";
import { matchesEventPattern } from "../../patterns/match";
import { EventPattern } from "../../patterns/pattern";

const shopOrders = { sources: ["com.shop.orders"] };

/** The example must be a real event of the pattern that no filter admits. */
function dropped(pattern: EventPattern, filters: readonly ContentFilter[] = [shopOrders]) {
  const example = unadmittedEvent(pattern, filters);
  if (!example) return undefined;
  expect(matchesEventPattern(pattern, example.event)).toBe(true);
  expect(example).toMatchObject({ source: example.event.source, detailType: example.event["detail-type"] });
  expect(filters.some((filter) => contentAdmits(filter, example.source, example.detailType))).toBe(false);
  return { source: example.source, detailType: example.detailType };
}

describe("unadmittedEvent: what a pattern can send outside grants narrowed by content", () => {
  test("a pattern of listed sources only is contained", () => {
    expect(dropped({ source: ["com.shop.orders"] })).toBeUndefined();
    expect(dropped({ source: ["com.shop.orders"], detail: { state: ["paid"] } })).toBeUndefined();
  });

  test("a pattern without source can send any source", () => {
    expect(dropped({ "detail-type": ["OrderPlaced"] })?.source).toBe("com.example.witness");
  });

  test("an exact source outside the list is the example", () => {
    expect(dropped({ source: ["com.shop.orders", "com.shop.refunds"] })?.source).toBe("com.shop.refunds");
  });

  test("a prefix, suffix or wildcard can send more than any finite list", () => {
    expect(dropped({ source: [{ prefix: "com.shop." }] })?.source).toBe("com.shop.other");
    expect(dropped({ source: [{ prefix: "com.shop." }] }, [{ sources: ["com.shop.other", "com.shop.other1"] }])?.source).toBe("com.shop.x");
    expect(dropped({ source: [{ suffix: ".orders" }] })?.source).toBe("other.orders");
    expect(dropped({ source: [{ wildcard: "com.*.orders" }] })?.source).toBe("com.other.orders");
    expect(dropped({ source: [{ prefix: { "equals-ignore-case": "COM.SHOP." } }] })?.source).toBe("COM.SHOP.other");
  });

  test("equals-ignore-case sends every spelling of the value", () => {
    expect(dropped({ source: [{ "equals-ignore-case": "com.shop.orders" }] })?.source).toBe("COM.SHOP.ORDERS");
    expect(dropped({ source: [{ "equals-ignore-case": "123" }] }, [{ sources: ["123"] }])).toBeUndefined();
    expect(dropped({ source: [{ "equals-ignore-case": "ab" }] }, [{ sources: ["ab", "Ab", "aB"] }])?.source).toBe("AB");
    expect(dropped({ source: [{ "equals-ignore-case": "ab" }] }, [{ sources: ["ab", "Ab", "aB", "AB"] }])).toBeUndefined();
  });

  test("anything-but and exists send other sources; numeric and exists false send none", () => {
    expect(dropped({ source: [{ "anything-but": ["com.shop.refunds"] }] })?.source).toBe("other");
    expect(dropped({ source: [{ "anything-but": { prefix: "any." } }] })?.source).toBe("other");
    expect(dropped({ source: [{ exists: true }] })?.source).toBe("other");
    expect(dropped({ source: [{ numeric: [">", 0] }] })).toBeUndefined();
    expect(dropped({ source: [{ exists: false }] })).toBeUndefined();
  });

  test("every $or alternative is considered", () => {
    const pattern = { $or: [{ source: ["com.shop.orders"] }, { "detail-type": ["RefundIssued"] }] };
    expect(dropped(pattern)).toEqual({ source: "com.example.witness", detailType: "RefundIssued" });
    expect(dropped({ $or: [{ source: ["com.shop.orders"] }, { source: ["com.shop.orders"], detail: { x: ["y"] } }] })).toBeUndefined();
  });

  test("a nested field under source matches no event, since source is a string", () => {
    expect(dropped({ source: { inner: ["x"] } })).toBeUndefined();
    expect(dropped({ source: { inner: [{ exists: false }] } })?.source).toBe("com.example.witness");
  });

  test("sources and detail-types are checked together, against the union of the grants", () => {
    const grants = [{ sources: ["com.shop.orders"], detailTypes: ["OrderPlaced"] }, { sources: ["com.shop.refunds"] }];
    expect(dropped({ source: ["com.shop.orders"], "detail-type": ["OrderPlaced"] }, grants)).toBeUndefined();
    expect(dropped({ source: ["com.shop.orders", "com.shop.refunds"], "detail-type": ["OrderPlaced"] }, grants)).toBeUndefined();
    expect(dropped({ source: ["com.shop.refunds"] }, grants)).toBeUndefined();
    expect(dropped({ source: ["com.shop.orders"], "detail-type": ["OrderPlaced", "OrderShipped"] }, grants)).toEqual({
      source: "com.shop.orders",
      detailType: "OrderShipped",
    });
    expect(dropped({ source: ["com.shop.orders", "com.shop.refunds"] }, grants)).toEqual({
      source: "com.shop.orders",
      detailType: "Witness",
    });
  });

  test("a grant that narrows nothing admits everything, and no grant admits nothing", () => {
    expect(dropped({ source: [{ prefix: "" }] }, [shopOrders, {}])).toBeUndefined();
    expect(dropped({ source: ["com.shop.orders"] }, [])).toEqual({ source: "com.shop.orders", detailType: "Witness" });
  });
});

describe("messages about content", () => {
  test("name what a grant admits and only the narrowed fields of a dropped event", () => {
    expect(describeFilter({ sources: ["a", "b"], detailTypes: ["C"] })).toBe('sources "a", "b"; detail-types "C"');
    expect(describeDropped({ source: "x", detailType: "Y" }, [shopOrders])).toBe('source "x"');
    expect(describeDropped({ source: "x", detailType: "Y" }, [shopOrders, { detailTypes: ["Z"] }])).toBe('source "x" and detail-type "Y"');
  });

  test("an event without a string source is not admitted by a grant that lists sources", () => {
    expect(contentAdmits(shopOrders, undefined, "X")).toBe(false);
    expect(contentAdmits(shopOrders, "com.shop.orders", undefined)).toBe(true);
  });
});
