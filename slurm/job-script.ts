/**
 * The fixed text of every client job, shared by the local, shell and REST adapters. It never
 * holds user text: each value arrives as an environment variable named in `JOB_ENV`, and every
 * expansion is double-quoted, so spaces, quotes, `;` or `$(...)` in a value stay data.
 *
 * @example
 * spawn("bash", [fileHoldingJobScript], { env: { ...process.env, ...jobSpec.environment } });
 */
export const JOB_SCRIPT = `#!/bin/bash
# AI Factory client job: starts the agents of one client group. Fixed text: every value comes
# from the environment the service set, and every expansion is double-quoted.
set -euo pipefail

slurm_tasks="\${SLURM_NTASKS:-1}"
printf 'aifc job %s on %s with %s task(s)\\n' \\
  "\${SLURM_JOB_ID:-none}" "\${SLURMD_NODENAME:-$HOSTNAME}" "\${SLURM_NTASKS:-\${AIFC_NUM_TASKS:-1}}"

cd "\${AIFC_PROJECT_DIR:?}"

args=("\${AIFC_NUM_CLIENTS:?}" "\${AIFC_SERVER_ADDR:?}" "\${AIFC_SERVICE_ADDR:?}" "\${AIFC_BENCHMARK_ID:?}")
if [[ -n "\${AIFC_CONTAINER_IMAGE:-}" ]]; then
  # The image's runscript starts the agent. Apptainer is not available on the dev machines.
  agent=(apptainer run "$AIFC_CONTAINER_IMAGE" agent "\${args[@]}")
else
  agent=("\${AIFC_BUN:?}" handlers/agent/main.ts "\${args[@]}")
fi

# Several Slurm tasks: srun starts one agent per task (each reads SLURM_PROCID/SLURM_NTASKS),
# and one agent failing must not kill the others.
if [[ "$slurm_tasks" =~ ^[0-9]+$ ]] && [ "$slurm_tasks" -gt 1 ] && command -v srun >/dev/null; then
  exec srun --kill-on-bad-exit=0 "\${agent[@]}"
fi
exec "\${agent[@]}"
`;
