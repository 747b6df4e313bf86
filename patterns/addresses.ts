/** IP addresses and CIDR ranges, as the cidr operator of event patterns reads them. */
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

export const looksLikeIp = (text: string) => IPV4_SHAPE.test(text) || IPV6_SHAPE.test(text);

function parseIpv6Groups(text: string): number[] | undefined {
  const gap = text.indexOf("::");
  let groups: string[];
  if (gap >= 0) {
    if (text.indexOf("::", gap + 1) >= 0) return undefined;
    const head = text.slice(0, gap);
    const tail = text.slice(gap + 2);
    const headGroups = head === "" ? [] : head.split(":");
    const tailGroups = tail === "" ? [] : tail.split(":");
    const missing = 8 - headGroups.length - tailGroups.length;
    if (missing < 1) return undefined;
    groups = [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups];
  } else {
    groups = text.split(":");
    if (groups.length !== 8) return undefined;
  }
  if (!groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return groups.map((group) => parseInt(group, 16));
}

/** The address's bytes (4 or 16), or undefined when the text is not an IP address. */
export function parseIp(text: string): number[] | undefined {
  if (IPV4_SHAPE.test(text)) {
    const octets = text.split(".").map((part) => Number(part));
    return octets.every((octet) => octet <= 255) ? octets : undefined;
  }
  if (IPV6_SHAPE.test(text)) {
    const groups = parseIpv6Groups(text);
    if (!groups) return undefined;
    const bytes = groups.flatMap((group) => [group >> 8, group & 0xff]);
    const mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
    return mapped ? bytes.slice(12) : bytes;
  }
  return undefined;
}

export const compareBytes = (a: readonly number[], b: readonly number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
};

interface IpRange {
  readonly bottom: readonly number[];
  readonly top: readonly number[];
}

export function cidrProblem(text: string): string | undefined {
  const parts = text.split("/");
  if (parts.length !== 2) return `malformed CIDR ${JSON.stringify(text)}: exactly one '/' is required, as in "10.0.0.0/24"`;
  const [address, bits] = parts;
  if (!/^[+-]?[0-9]+$/.test(bits)) return `malformed CIDR ${JSON.stringify(text)}: mask bits must be an integer`;
  const maskBits = Number(bits);
  if (maskBits < 0) return `malformed CIDR ${JSON.stringify(text)}: mask bits must not be negative`;
  if (!looksLikeIp(address)) return `nonstandard IP address ${JSON.stringify(address)} in CIDR ${JSON.stringify(text)}`;
  const bytes = parseIp(address);
  if (!bytes) return `invalid IP address ${JSON.stringify(address)} in CIDR ${JSON.stringify(text)}`;
  if (bytes.length === 4 && maskBits > 31) {
    return `IPv4 mask bits must be < 32 (got ${maskBits}); to match one address, use the address itself as a value`;
  }
  if (bytes.length === 16 && maskBits > 127) {
    return `IPv6 mask bits must be < 128 (got ${maskBits}); to match one address, use the address itself as a value`;
  }
  return undefined;
}

/** The addresses a valid CIDR covers: its network address up to its broadcast address. */
export function cidrRange(text: string): IpRange {
  const [address, bits] = text.split("/");
  const base = parseIp(address) as number[];
  let remaining = Number(bits);
  const bottom: number[] = [];
  const top: number[] = [];
  for (const byte of base) {
    const keep = Math.max(0, Math.min(8, remaining));
    const hostMask = (0xff >> keep) & 0xff;
    bottom.push(byte & ~hostMask & 0xff);
    top.push(byte | hostMask);
    remaining -= 8;
  }
  return { bottom, top };
}

export const inRange = (range: IpRange, address: readonly number[]) =>
  address.length === range.bottom.length && compareBytes(address, range.bottom) >= 0 && compareBytes(address, range.top) <= 0;
