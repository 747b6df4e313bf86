/** A real headless browser for tests: Debian's chromium, installed when missing, driven through the DevTools protocol over a pipe. */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";

export const CHROMIUM = "/usr/bin/chromium";

/** Where a failed install is remembered, so a machine that cannot install does not try again on every run for an hour. */
const FAILED_INSTALL = join(tmpdir(), "eventbridge-chromium-install-failed.json");
const RETRY_AFTER_MS = 60 * 60 * 1000;

function install(): string | undefined {
  if (process.getuid?.() !== 0) return "not root, so apt-get cannot install Debian's chromium";
  const apt = (...args: string[]) =>
    spawnSync("apt-get", args, { encoding: "utf8", timeout: 10 * 60 * 1000, env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  const get = () => apt("install", "-y", "--no-install-recommends", "chromium");
  // A fresh machine has no package lists yet: read them, then try once more.
  let run = get();
  if (run.status !== 0) {
    apt("update");
    run = get();
  }
  if (existsSync(CHROMIUM)) return undefined;
  const said = `${run.error?.message ?? ""} ${run.stderr ?? ""}`.trim().split("\n").pop();
  return `apt-get install chromium failed (${said || `exit ${run.status}`})`;
}

/**
 * Debian's chromium, installed with apt-get when missing (once: a failure is remembered for an hour);
 * or why there is none, for the one line a skipped test prints.
 */
export function chromium(): { path: string } | { skip: string } {
  if (existsSync(CHROMIUM)) return { path: CHROMIUM };
  if (existsSync(FAILED_INSTALL)) {
    const failed = JSON.parse(readFileSync(FAILED_INSTALL, "utf8")) as { at: number; reason: string };
    if (Date.now() - failed.at < RETRY_AFTER_MS) return { skip: `${failed.reason} (at ${new Date(failed.at).toISOString()})` };
  }
  const reason = install();
  if (!reason) return { path: CHROMIUM };
  writeFileSync(FAILED_INSTALL, JSON.stringify({ at: Date.now(), reason }));
  return { skip: reason };
}

interface Message {
  readonly id?: number;
  readonly method?: string;
  readonly params?: Record<string, unknown>;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly message: string };
}

/** One page of a headless chromium, spoken to with the DevTools protocol over --remote-debugging-pipe (no port, no WebSocket). */
export class Page {
  private next = 0;
  private buffer = "";
  private readonly waiting = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  private readonly listeners: ((message: Message) => void)[] = [];
  private session = "";
  /** Every URL the page asked for, from its load on. */
  readonly requests: string[] = [];

  private constructor(
    private readonly browser: ChildProcess,
    private readonly profile: string,
  ) {
    const output = browser.stdio[4] as Readable;
    output.setEncoding("utf8");
    output.on("data", (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf("\0")) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        this.receive(message);
      }
    });
  }

  /** Starts chromium headless on a fresh profile, without a network of its own, and loads `url` in a page of `width` x `height`. */
  static async open(path: string, url: string, width = 1400, height = 1000): Promise<Page> {
    const profile = mkdtempSync(join(tmpdir(), "eventbridge-chromium-"));
    const browser = spawn(
      path,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--no-default-browser-check",
        `--user-data-dir=${profile}`,
        "--remote-debugging-pipe",
        `--window-size=${width},${height}`,
        "about:blank",
      ],
      { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] },
    );
    const page = new Page(browser, profile);
    try {
      const { targetId } = await page.send("Target.createTarget", { url: "about:blank" });
      const { sessionId } = await page.send("Target.attachToTarget", { targetId, flatten: true });
      page.session = sessionId as string;
      await page.send("Page.enable");
      await page.send("Network.enable");
      page.listeners.push((message) => {
        if (message.method === "Network.requestWillBeSent") page.requests.push((message.params?.request as { url: string }).url);
      });
      const loaded = page.event("Page.loadEventFired");
      await page.send("Page.navigate", { url });
      await loaded;
      return page;
    } catch (error) {
      await page.close();
      throw error;
    }
  }

  private receive(message: Message): void {
    const waiter = message.id !== undefined ? this.waiting.get(message.id) : undefined;
    if (waiter && message.id !== undefined) {
      this.waiting.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result ?? {});
    } else this.listeners.forEach((listener) => listener(message));
  }

  /** A DevTools protocol command, to the page once attached; rejected after 15 s, so a stuck browser fails a test, not hangs it. */
  send(method: string, params: Record<string, unknown> = {}, toBrowser = false): Promise<Record<string, unknown>> {
    const id = ++this.next;
    const message = { id, method, params, ...(this.session && !toBrowser ? { sessionId: this.session } : {}) };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`chromium did not answer ${method} in 15 s`)), 15000);
      this.waiting.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      (this.browser.stdio[3] as Writable).write(`${JSON.stringify(message)}\0`);
    });
  }

  private event(method: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`chromium sent no ${method} in 15 s`)), 15000);
      this.listeners.push((message) => {
        if (message.method !== method) return;
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The value of a JavaScript expression in the page (awaited when it is a promise); a thrown error fails the call. */
  async evaluate<T>(expression: string): Promise<T> {
    const answer = await this.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    const thrown = answer.exceptionDetails as { exception?: { description?: string }; text?: string } | undefined;
    if (thrown) throw new Error(thrown.exception?.description ?? thrown.text ?? "the page threw");
    return (answer.result as { value: T }).value;
  }

  /** A left click where a person would click: a mouse press and release at viewport coordinates. */
  async click(x: number, y: number): Promise<void> {
    for (const type of ["mouseMoved", "mousePressed", "mouseReleased"]) {
      await this.send("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount: type === "mouseMoved" ? 0 : 1 });
    }
  }

  /** Closes the browser (killed if it does not close within 5 s), then removes its profile. */
  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.browser.exitCode !== null || this.browser.signalCode !== null) resolve();
      else this.browser.once("exit", () => resolve());
    });
    let timer: NodeJS.Timeout | undefined;
    const closed = this.send("Browser.close", {}, true).then(
      () => exited,
      () => undefined,
    );
    await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
    if (this.browser.exitCode === null && this.browser.signalCode === null) this.browser.kill("SIGKILL");
    await exited;
    for (const stream of [this.browser.stdio[3], this.browser.stdio[4]]) stream?.destroy();
    rmSync(this.profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}
