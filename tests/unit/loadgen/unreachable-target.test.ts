import { describe, expect, test } from "bun:test";
import type { RequestRecord } from "../../../core/loadgen/measure-request.ts";
import { watchReachability } from "../../../core/loadgen/unreachable-target.ts";

const refused = {
  error: "connect",
  detail: "TypeError: ECONNREFUSED: Unable to connect. Is the computer able to access the url?",
} as RequestRecord;
const answered = (error: RequestRecord["error"]) => ({ error, detail: null }) as RequestRecord;

describe("watchReachability", () => {
  test("the first requests all refused: stop at the limit, with a sentence naming the server", () => {
    const watch = watchReachability("http://10.0.0.9:8000", 3);
    expect(watch.observe(refused)).toBe(false);
    expect(watch.observe(refused)).toBe(false);
    expect(watch.observe(refused)).toBe(true);
    expect(watch.verdict(true)).toBe(
      "the AI server at http://10.0.0.9:8000 refused every connection (ECONNREFUSED); the run was stopped after 3 attempts",
    );
  });

  test("one answer, even an error, makes the server reachable for the rest of the run", () => {
    for (const error of [null, "http_5xx", "http_429", "timeout", "aborted_stream"] as const) {
      const watch = watchReachability("http://ai:8000", 2);
      watch.observe(refused);
      watch.observe(answered(error));
      expect(watch.observe(refused)).toBe(false);
      expect(watch.observe(refused)).toBe(false);
      expect(watch.verdict(false)).toBeNull();
    }
  });

  test("a run that ends before the limit with only refusals still says so", () => {
    const watch = watchReachability("http://ai:8000", 10);
    watch.observe(refused);
    watch.observe(refused);
    expect(watch.verdict(false)).toBe(
      "the AI server at http://ai:8000 refused every connection (ECONNREFUSED); all 2 requests failed",
    );
  });

  test("a name that does not resolve is named by its code; no request at all says nothing", () => {
    const watch = watchReachability("http://nowhere.invalid:8000", 1);
    watch.observe({
      error: "connect",
      detail: "TypeError: getaddrinfo ENOTFOUND nowhere.invalid",
    } as RequestRecord);
    expect(watch.verdict(true)).toBe(
      "the AI server at http://nowhere.invalid:8000 could not be reached (ENOTFOUND); the run was stopped after 1 attempt",
    );
    expect(watchReachability("http://ai:8000").verdict(false)).toBeNull();
  });
});
