import { readFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";

// Slurm names (accounts, partitions, QOS, users): no spaces, commas or shell metacharacters.
const slurmName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,127}$/, "expected a Slurm name such as my_account");
// Paths may hold Slurm's filename patterns (%j, %x); never NUL or line breaks.
const pathText = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^[^\0\r\n]+$/, "expected a path on one line");
const count = (max: number) =>
  z.coerce
    .number({ error: "expected a whole number" })
    .int("expected a whole number")
    .min(1, "expected a whole number from 1")
    .max(max, `expected a whole number up to ${max}`);

/**
 * The Slurm settings of the original's `SlurmConfig` (`url`, `user_name`, `api_ver`, `account`,
 * `jwt`) plus the job options every submitted job gets. Keys are the file's own (snake_case).
 */
export const SlurmConfig = z
  .object({
    /** slurmrestd's address, e.g. http://slurm-head:6820 (REST adapter only). */
    url: z.url({ protocol: /^https?$/, error: "expected an http(s) URL such as http://head:6820" }),
    /** The user the REST requests act as (`X-SLURM-USER-NAME`); default the token's `sun`. */
    user_name: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}\$?$/, "expected a user name such as alice"),
    /** slurmrestd's OpenAPI version, e.g. v0.0.38 (Slurm 22.05) or v0.0.40 (Slurm 23.11). */
    api_ver: z.string().regex(/^v0\.0\.\d{2}$/, "expected an API version such as v0.0.38"),
    account: slurmName,
    partition: slurmName,
    qos: slurmName,
    /** A Slurm JWT (`scontrol token`); fixed, so it cannot be refreshed when it expires. */
    jwt: z
      .string()
      .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, "expected a JWT (three base64url parts joined by dots)"),
    /** Slurm's HS256 key file (AuthAltParameters=jwt_key=...): tokens are minted from it. */
    jwt_key: pathText,
    /** The longest time limit (minutes) a job may ask for; longer groups are refused. */
    time_limit: count(525_600),
    cpus_per_task: count(4096),
    /** Memory per node, as sbatch's --mem: a number of MB, or with a K, M, G or T suffix. */
    mem: z
      .string()
      .regex(/^[1-9]\d{0,9}[KMGTkmgt]?$/, "expected a size such as 4G")
      .transform((size) => size.toUpperCase()),
    tasks_per_node: count(4096),
    /** Job stdout/stderr files (sbatch --output/--error patterns such as /scratch/aifc-%j.out). */
    output: pathText,
    error: pathText,
    /** The job's working directory (sbatch --chdir). */
    workdir: pathText.refine(path.isAbsolute, "expected an absolute path"),
    /** Apptainer image the agents run in (sets AIFC_CONTAINER_IMAGE for every job). */
    container_image: pathText,
  })
  .partial()
  .strict();
export type SlurmConfig = z.infer<typeof SlurmConfig>;
type Key = keyof SlurmConfig;

const KEYS = Object.keys(SlurmConfig.shape) as Key[];

/**
 * The environment variable that overrides each key: `AIFC_SLURM_<KEY>` (e.g. AIFC_SLURM_URL,
 * AIFC_SLURM_PARTITION), and for the token also Slurm's own `SLURM_JWT`. The prefix keeps them
 * apart from SLURM_ACCOUNT, SLURM_PARTITION and SLURM_QOS, which srun reads as its own options.
 */
export const slurmConfigEnvName = (key: Key) => `AIFC_SLURM_${key.toUpperCase()}`;

function checkValue(key: Key, value: string, where: string): unknown {
  const result = SlurmConfig.shape[key].safeParse(value);
  if (!result.success) {
    throw new Error(`${where}: ${key}: ${result.error.issues[0]?.message ?? "invalid value"}`);
  }
  return result.data;
}

/**
 * Reads Slurm settings from `key=value` lines (`#` comments and blank lines allowed) and then
 * from the environment, which wins (`AIFC_SLURM_<KEY>`, and `SLURM_JWT` for `jwt`). Throws an
 * Error naming the file, line and key: "slurm.conf line 4: mem: expected a size such as 4G".
 *
 * @example
 * const config = parseSlurmConfig("url=http://head:6820\napi_ver=v0.0.40\n", process.env);
 */
export function parseSlurmConfig(
  text: string,
  env: Record<string, string | undefined>,
  fileName = "slurm config",
): SlurmConfig {
  const raw: Record<string, unknown> = {};
  const seenOn = new Map<string, number>();
  text.split(/\r?\n/).forEach((line, index) => {
    const where = `${fileName} line ${index + 1}`;
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const equals = trimmed.indexOf("=");
    if (equals <= 0)
      throw new Error(`${where}: expected key=value, got ${JSON.stringify(trimmed)}`);
    const key = trimmed.slice(0, equals).trim();
    if (!KEYS.includes(key as Key)) {
      throw new Error(`${where}: unknown key ${JSON.stringify(key)} (known: ${KEYS.join(", ")})`);
    }
    const earlier = seenOn.get(key);
    if (earlier !== undefined)
      throw new Error(`${where}: ${key} is already set on line ${earlier}`);
    seenOn.set(key, index + 1);
    raw[key] = checkValue(key as Key, trimmed.slice(equals + 1).trim(), where);
  });
  for (const key of KEYS) {
    const names =
      key === "jwt" ? ["SLURM_JWT", slurmConfigEnvName(key)] : [slurmConfigEnvName(key)];
    for (const name of names) {
      const value = env[name]?.trim();
      if (value) raw[key] = checkValue(key, value, name);
    }
  }
  return raw as SlurmConfig;
}

/**
 * `parseSlurmConfig` over a file. Throws an Error with a sentence naming the file when it cannot
 * be read.
 */
export function readSlurmConfigFile(
  file: string,
  env: Record<string, string | undefined>,
): SlurmConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(
      `Cannot read the Slurm config file ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  return parseSlurmConfig(text, env, path.basename(file));
}
