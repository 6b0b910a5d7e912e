import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The test tiers, their folders, per-test timeouts and the command a tier needs to run at all. */
export const TIERS = {
  unit: { dir: "tests/unit", timeoutMs: 30_000, needs: null },
  integration: { dir: "tests/integration", timeoutMs: 120_000, needs: null },
  slurm: { dir: "tests/slurm", timeoutMs: 300_000, needs: "sbatch" },
  container: { dir: "tests/container", timeoutMs: 600_000, needs: "apptainer" },
} as const;
export type Tier = keyof typeof TIERS;
export const TIER_NAMES = Object.keys(TIERS) as Tier[];

/**
 * The `*.test.ts` files of a tier, relative to `root` and sorted, keeping only those whose path
 * contains `module` when one is given.
 */
export function testFiles(root: string, tier: Tier, module?: string): string[] {
  const dir = TIERS[tier].dir;
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.ts") && statSync(join(full, f)).isFile())
    .map((f) => join(dir, f))
    .filter((f) => !module || f.includes(module))
    .sort();
}
