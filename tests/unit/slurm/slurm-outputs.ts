/**
 * What Slurm 22.05.8's commands printed on the one-node dev cluster (slurm/dev-cluster.sh),
 * copied verbatim, for the shell adapter's unit tests.
 */

export const SBATCH_ERRORS = {
  badPartition:
    "sbatch: error: invalid partition specified: nope\nsbatch: error: Batch job submission failed: Invalid partition name specified\n",
  tooMuchMemory:
    "sbatch: error: Memory specification can not be satisfied\nsbatch: error: Batch job submission failed: Requested node configuration is not available\n",
  noController:
    "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)\n",
};

export const INVALID_JOB_ID = "slurm_load_jobs error: Invalid job id specified\n";
export const NO_CONTROLLER =
  "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n";
export const SCANCEL_NO_CONTROLLER =
  "scancel: error: Kill job error on job id 1: Unable to contact slurm controller (connect failure)\n";

/** `squeue -h -t all -j 5,6,7,8,10,11,12 -O JobID:|,State:|,Reason:|,NodeList:|,exit_code:` */
export const SQUEUE_LINES = [
  "12|PENDING|JobHeldUser||0",
  "10|RUNNING|None|vm|0",
  "5|CANCELLED|PartitionConfig||0",
  "6|FAILED|NonZeroExitCode|vm|768",
  "7|FAILED|JobLaunchFailure|vm|9",
  "8|CANCELLED|None|vm|15",
  "1|COMPLETED|None|vm|0",
].join("\n");

/** `scontrol show job 14` for a job that ran `exit 3`. */
export const SCONTROL_FAILED = `JobId=14 JobName=wrap
   UserId=root(0) GroupId=root(0) MCS_label=N/A
   Priority=4294901747 Nice=0 Account=(null) QOS=(null)
   JobState=FAILED Reason=NonZeroExitCode Dependency=(null)
   Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=3:0
   RunTime=00:00:00 TimeLimit=UNLIMITED TimeMin=N/A
   SubmitTime=2026-11-26T04:04:09 EligibleTime=2026-11-26T04:04:09
   AccrueTime=2026-11-26T04:04:09
   StartTime=2026-11-26T04:04:09 EndTime=2026-11-26T04:04:09 Deadline=N/A
   SuspendTime=None SecsPreSuspend=0 LastSchedEval=2026-11-26T04:04:09 Scheduler=Main
   Partition=debug AllocNode:Sid=localhost:12040
   ReqNodeList=(null) ExcNodeList=(null)
   NodeList=vm
   BatchHost=vm
   NumNodes=1 NumCPUs=1 NumTasks=1 CPUs/Task=1 ReqB:S:C:T=0:0:*:*
   TRES=cpu=1,node=1,billing=1
   Socks/Node=* NtasksPerN:B:S:C=0:0:*:* CoreSpec=*
   MinCPUsNode=1 MinMemoryNode=0 MinTmpDiskNode=0
   Features=(null) DelayBoot=00:00:00
   OverSubscribe=YES Contiguous=0 Licenses=(null) Network=(null)
   Command=(null)
   WorkDir=/tmp
   StdErr=/var/tmp/aifc-slurm/jobs/x-14
   StdIn=/dev/null
   StdOut=/var/tmp/aifc-slurm/jobs/x-14
   Power=
`;

/** `scontrol show job 12`'s first lines for a held pending job. */
export const SCONTROL_PENDING = `JobId=12 JobName=wrap
   UserId=root(0) GroupId=root(0) MCS_label=N/A
   Priority=0 Nice=0 Account=(null) QOS=(null)
   JobState=PENDING Reason=JobHeldUser Dependency=(null)
   Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:0
   ReqNodeList=(null) ExcNodeList=(null)
   NodeList=
`;

/** `scontrol token username=root lifespan=600` (the token is replaced by the test's own). */
export const scontrolToken = (token: string) => `SLURM_JWT=${token}\n`;
