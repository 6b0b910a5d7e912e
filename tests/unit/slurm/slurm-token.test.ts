import { describe, expect, test } from "bun:test";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { manualClock } from "../../../core/clock.ts";
import { decodeSlurmToken, mintSlurmToken } from "../../../core/config/slurm-token.ts";
import { memoryLogger } from "../../../core/log.ts";
import { SlurmTokenSource } from "../../../slurm/slurm-token-source.ts";
import { fakeRunner } from "./fake-runner.ts";
import { scontrolToken } from "./slurm-outputs.ts";

const KEY = new TextEncoder().encode("0123456789abcdef0123456789abcdef");
const T0 = 1_795_665_600_000;

describe("Slurm token", () => {
  test("a minted token is what scontrol token makes: HS256 over {exp, iat, sun} with the cluster key", async () => {
    const token = await mintSlurmToken(KEY, "root", 600, T0);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" });
    const { payload } = await jwtVerify(token, KEY, { currentDate: new Date(T0) });
    expect(payload).toEqual({ sun: "root", iat: T0 / 1000, exp: T0 / 1000 + 600 });
  });

  test("decoding gives user, issue and expiry times, remaining lifetime and expiringSoon", async () => {
    const token = await mintSlurmToken(KEY, "alice", 600, T0);
    expect(decodeSlurmToken(token, T0 + 60_000)).toEqual({
      token,
      user: "alice",
      issuedAt: new Date(T0),
      expiresAt: new Date(T0 + 600_000),
      remainingS: 540,
      expiringSoon: false,
    });
    expect(decodeSlurmToken(token, T0 + 400_000)).toMatchObject({
      remainingS: 200,
      expiringSoon: true,
    });
  });

  test("text that is not a Slurm token gets a sentence saying why", () => {
    expect(() => decodeSlurmToken("aaa.bbb.ccc", T0)).toThrow("The Slurm token is not a JWT");
  });
});

describe("SlurmTokenSource", () => {
  test("a token from the jwt key file is minted for user_name and replaced before it expires", async () => {
    const clock = manualClock(T0);
    const { logger, lines } = memoryLogger();
    const tokens = new SlurmTokenSource({
      config: { jwt_key: "/etc/slurm/jwt.key", user_name: "svc" },
      clock,
      run: fakeRunner({}).run,
      readKey: (file) => {
        expect(file).toBe("/etc/slurm/jwt.key");
        return KEY;
      },
      log: logger,
    });
    const first = await tokens.current();
    expect(first.user).toBe("svc");
    await jwtVerify(first.token, KEY, { currentDate: new Date(T0) });
    clock.advance(10 * 60_000);
    expect((await tokens.current()).token).toBe(first.token);
    clock.advance(47 * 60_000);
    const second = await tokens.current();
    expect(second.token).not.toBe(first.token);
    expect(second.remainingS).toBe(3600);
    expect(lines.filter((l) => l.event === "slurm_token_refreshed")).toHaveLength(2);
  });

  test("without jwt or jwt_key the token comes from scontrol token, refreshed the same way", async () => {
    const clock = manualClock(T0);
    const minted = [
      await mintSlurmToken(KEY, "root", 3600, T0),
      await mintSlurmToken(KEY, "root", 3600, T0 + 3500_000),
    ];
    const runner = fakeRunner({
      scontrol: [
        { stdout: scontrolToken(minted[0] as string) },
        { stdout: scontrolToken(minted[1] as string) },
      ],
    });
    const tokens = new SlurmTokenSource({ config: { user_name: "root" }, clock, run: runner.run });
    expect((await tokens.current()).token).toBe(minted[0] as string);
    clock.advance(3500_000);
    expect((await tokens.current()).token).toBe(minted[1] as string);
    expect(runner.of("scontrol")[0]?.argv).toEqual([
      "scontrol",
      "token",
      "lifespan=3600",
      "username=root",
    ]);
  });

  test("a fixed jwt is used as given, warned about when it nears expiry, refused once expired", async () => {
    const clock = manualClock(T0);
    const { logger, lines } = memoryLogger();
    const jwt = await mintSlurmToken(KEY, "bob", 600, T0);
    const tokens = new SlurmTokenSource({
      config: { jwt },
      clock,
      run: fakeRunner({}).run,
      log: logger,
    });
    expect((await tokens.current()).user).toBe("bob");
    clock.advance(400_000);
    await tokens.current();
    expect(lines.map((l) => l.event)).toEqual(["slurm_token_expiring"]);
    clock.advance(300_000);
    const error = await tokens.current().catch((e) => e);
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("The Slurm token for bob expired at");
  });

  test("jwt_key without user_name stops start-up with a sentence", () => {
    expect(
      () =>
        new SlurmTokenSource({
          config: { jwt_key: "/k" },
          clock: manualClock(T0),
          run: fakeRunner({}).run,
        }),
    ).toThrow("The Slurm config has jwt_key but no user_name");
  });

  test("an unreadable key file or a failing scontrol is kind unavailable with the reason", async () => {
    const noKey = new SlurmTokenSource({
      config: { jwt_key: "/nope/jwt.key", user_name: "svc" },
      clock: manualClock(T0),
      run: fakeRunner({}).run,
    });
    expect(await noKey.current().catch((e) => e)).toMatchObject({
      kind: "unavailable",
      message: "Cannot read the Slurm jwt key /nope/jwt.key: ENOENT",
    });
    const refused = new SlurmTokenSource({
      config: {},
      clock: manualClock(T0),
      run: fakeRunner({
        scontrol: [
          {
            code: 1,
            stderr: "scontrol: error: Unable to contact slurm controller (connect failure)\n",
          },
        ],
      }).run,
    });
    expect(await refused.current().catch((e) => e)).toMatchObject({ kind: "unavailable" });
  });
});
