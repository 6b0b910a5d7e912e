// Generated from the Client Service's /openapi.json by openapi-typescript: do not edit.
// Regenerate with `bun run gen:client` after changing a route or a schema.

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The service is up */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                            slurm_adapter: string;
                            groups: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics: groups by state, agents, API requests */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Prometheus text format */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/client-groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every group with its state */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description All groups */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupList"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/client-group/{benchmark_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A group's state, Slurm job, agents, transitions and progress */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    benchmark_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The group */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Group"];
                    };
                };
                /** @description Benchmark id not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Invalid input; `detail` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a client group and submit its Slurm job */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    benchmark_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateGroup"];
                };
            };
            responses: {
                /** @description Group created; its job is submitted */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "created";
                            benchmark_id: number;
                            num_clients: number;
                            job_id: string;
                        };
                    };
                };
                /** @description Group already exists */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Invalid input; `detail` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Slurm refused the job (no group is kept) */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Slurm is unavailable (no group is kept) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Cancel the group's Slurm job and forget the group */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    benchmark_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted; the job is cancelled */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "deleted";
                            benchmark_id: number;
                        };
                    };
                };
                /** @description Benchmark id not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Invalid input; `detail` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Slurm could not cancel the job (the group is kept) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/client-group/{benchmark_id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start the benchmark on every agent of a ready group */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    benchmark_id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["RunOverrides"];
                };
            };
            responses: {
                /** @description Run dispatched; one result per agent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "dispatched";
                            benchmark_id: number;
                            results: {
                                agent_id: string;
                                address: string;
                                ok: boolean;
                                status: number | null;
                                detail: string;
                            }[];
                        };
                    };
                };
                /** @description Benchmark id not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The group is not ready */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Invalid input; `detail` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No agent started the run */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/client-group/{benchmark_id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop the run on every agent; they upload partial results and the group completes */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    benchmark_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Stop forwarded; one result per agent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "stopping";
                            benchmark_id: number;
                            results: {
                                agent_id: string;
                                address: string;
                                ok: boolean;
                                status: number | null;
                                detail: string;
                            }[];
                        };
                    };
                };
                /** @description Benchmark id not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The group is not running */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Invalid input; `detail` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/client-group/{benchmark_id}/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An agent registers its address (needs the group's token) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    benchmark_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Connect"];
                };
            };
            responses: {
                /** @description Agent registered */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "registered";
                            benchmark_id: number;
                            client_address: string;
                        };
                    };
                };
                /** @description Missing, invalid, expired or foreign group token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Benchmark id not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The group has ended */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Invalid input; `detail` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/client-group/{benchmark_id}/observer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a monitor that every agent of the group will notify */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    benchmark_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Observer"];
                };
            };
            responses: {
                /** @description Observer registered */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "registered";
                            benchmark_id: number;
                            observer: {
                                ip_address: string;
                                port: number;
                                interval_ms: number;
                            };
                            /** @description agents told now; later ones are told when they register */
                            forwarded_to: number;
                        };
                    };
                };
                /** @description The observer's host is not allowed (--observer-allow) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Benchmark id not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The group has ended */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Invalid input; `detail` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An agent could not be reached */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/client-group/{benchmark_id}/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The group's merged metrics (TTFT, TPOT, ITL, E2E, throughput, errors) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    benchmark_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Merged results of every agent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupResults"];
                    };
                };
                /** @description Benchmark id not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The benchmark has not finished and no agent has reported */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Invalid input; `detail` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** An agent uploads its report once its run ends (idempotent; needs the group's token) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    benchmark_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AgentReport"];
                };
            };
            responses: {
                /** @description Report stored (a repeated upload is acknowledged and ignored) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "stored";
                            duplicate: boolean;
                        };
                    };
                };
                /** @description Missing, invalid, expired or foreign group token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Benchmark id not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The report is for another run */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Invalid input; `detail` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/client-group/{benchmark_id}/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An agent reports its request counts while it runs (needs the group's token) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    benchmark_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        task_index: number;
                        run_id: string;
                        completed: number;
                        failed: number;
                        /** @description requests finished per second over the agent's last few seconds */
                        rate_per_s?: number;
                        /** @description median TTFT of the run's ok requests so far (warm-up excluded) */
                        ttft_p50_ms?: number;
                    };
                };
            };
            responses: {
                /** @description Progress recorded */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
                /** @description Missing, invalid, expired or foreign group token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Benchmark id not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Invalid input; `detail` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/client-group/{benchmark_id}/records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every request of the group's run, one JSON line each (needs load.records: true) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    benchmark_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The agents' records (RequestRecordLine per line), agent after agent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": string;
                    };
                };
                /** @description Benchmark id not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No records were uploaded for the group's run */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Invalid input; `detail` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** An agent uploads its per-request records (JSONL) after its report (group token) */
        post: {
            parameters: {
                query: {
                    task_index: string;
                    run_id: string;
                };
                header?: never;
                path: {
                    benchmark_id: string;
                };
                cookie?: never;
            };
            /** @description one RequestRecordLine per line; streamed to disk, at most 256 MiB */
            requestBody: {
                content: {
                    "application/x-ndjson": string;
                };
            };
            responses: {
                /** @description Records stored (a repeated upload replaces the earlier one) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "stored";
                            bytes: number;
                        };
                    };
                };
                /** @description Missing, invalid, expired or foreign group token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Benchmark id not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The records are for another run */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The upload is larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Invalid input; `detail` names the field */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/targets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live agents in Prometheus HTTP service-discovery format
         * @description Every agent registered with a group that has not ended, as `host:port` with its group's ids as labels, so one `http_sd_configs` entry lets Prometheus scrape each agent's `/metrics`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One target group per live agent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScrapeTargets"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        GroupList: {
            groups: {
                benchmark_id: number;
                /** @enum {string} */
                state: "submitted" | "queued" | "starting" | "ready" | "running" | "completed" | "failed" | "cancelled";
                num_clients: number;
                nodes: number;
                job_id: string;
                created_at: number;
                agents: number;
            }[];
            total: number;
        };
        Error: {
            /** @example Benchmark id not found */
            detail: string;
        };
        CreateGroup: {
            num_clients: number;
            /**
             * @description Slurm time limit in minutes
             * @default 5
             */
            time_limit: number;
            /**
             * @description agents (Slurm tasks) sharing the clients
             * @default 1
             */
            nodes: number;
            target?: {
                /**
                 * Format: uri
                 * @description AI server address; defaults to the service's server_addr
                 */
                base_url?: string;
                /**
                 * @default openai
                 * @enum {string}
                 */
                kind: "openai" | "aif-server";
                /**
                 * @default completions
                 * @enum {string}
                 */
                api: "completions" | "chat";
                /** @default mock-model */
                model: string;
                /** @description aif-server: an existing vLLM service to prompt instead of creating one */
                service_id?: string;
                headers?: {
                    [key: string]: string;
                };
            };
            workload?: {
                /**
                 * @default [
                 *       "Explain what a Slurm job array is in two sentences."
                 *     ]
                 */
                prompts: string[];
                /** @default 500 */
                max_tokens: number;
                /** @default 0.7 */
                temperature: number;
                /** @default true */
                stream: boolean;
            };
            load?: {
                /**
                 * @description closed: each virtual client sends its next request when its answer is in; constant, poisson, gamma: open loop, requests sent at `rate` whether or not earlier ones have answered
                 * @default closed
                 * @enum {string}
                 */
                pattern: "closed" | "constant" | "poisson" | "gamma";
                /** @description open loop only (required there): requests/s for the whole group; each of its agents sends rate / nodes */
                rate?: number;
                /**
                 * @description gamma only: shape of the gamma inter-arrival times (vLLM's --burstiness); 1 is Poisson, below 1 burstier, above 1 more regular
                 * @default 1
                 */
                burstiness: number;
                /** @description how long the load lasts, warm-up included */
                duration_s?: number;
                /** @description total requests of the group, warm-up included; default: one per virtual client unless duration_s is given */
                requests?: number;
                /**
                 * @description requests started in the first warmup_s seconds are not measured
                 * @default 0
                 */
                warmup_s: number;
                /**
                 * @description closed loop: client starts spread over it; open loop: the rate climbs linearly from 0 to rate over it
                 * @default 0
                 */
                ramp_up_s: number;
                /**
                 * @description per request
                 * @default 300
                 */
                timeout_s: number;
                /**
                 * @description open loop: a safety cap on one agent's open requests; requests due while it is reached are skipped and counted (schedule.not_sent), never delayed
                 * @default 10000
                 */
                max_in_flight: number;
                /** @description open loop: seeds the arrival times (agent i uses seed + i) for a repeatable schedule */
                seed?: number;
                /**
                 * @description keep one JSON line per request on each agent and upload them; read them at GET /client-group/{id}/records
                 * @default false
                 */
                records: boolean;
            };
            slo?: {
                ttft_ms?: number;
                tpot_ms?: number;
                e2e_ms?: number;
            };
        };
        Group: {
            benchmark_id: number;
            info: components["schemas"]["GroupInfo"];
        };
        GroupInfo: {
            num_clients: number;
            nodes: number;
            time_limit: number;
            /** @description registered agent addresses */
            client_address: string[];
            created_at: number;
            /** @enum {string} */
            state: "submitted" | "queued" | "starting" | "ready" | "running" | "completed" | "failed" | "cancelled";
            reason: string | null;
            job_id: string;
            /** @description Slurm's job state (squeue %T) */
            slurm_state: string | null;
            /** @description Slurm's reason, e.g. why the job is still pending */
            slurm_reason: string | null;
            agents: components["schemas"]["Agent"][];
            transitions: {
                /** @enum {string} */
                state: "submitted" | "queued" | "starting" | "ready" | "running" | "completed" | "failed" | "cancelled";
                /** @description unix time, seconds */
                at: number;
                reason: string | null;
            }[];
            progress: {
                requests: number;
                errors: number;
                /** @description requests finished per second over the agents' last progress window */
                rate_per_s: number;
                /** @description while running: median TTFT so far, from the agents' progress (several agents: their medians weighted by finished requests) */
                ttft_p50_ms?: number;
            };
        };
        Agent: {
            agent_id: string;
            task_index: number;
            address: string;
            registered_at: number;
            num_clients: number;
            /** @enum {string} */
            state: "registered" | "running" | "done" | "failed";
            requests: number;
            errors: number;
        };
        RunOverrides: {
            target?: {
                /**
                 * Format: uri
                 * @description AI server address; defaults to the service's server_addr
                 */
                base_url?: string;
                /**
                 * @default openai
                 * @enum {string}
                 */
                kind: "openai" | "aif-server";
                /**
                 * @default completions
                 * @enum {string}
                 */
                api: "completions" | "chat";
                /** @default mock-model */
                model: string;
                /** @description aif-server: an existing vLLM service to prompt instead of creating one */
                service_id?: string;
                headers?: {
                    [key: string]: string;
                };
            };
            workload?: {
                /**
                 * @default [
                 *       "Explain what a Slurm job array is in two sentences."
                 *     ]
                 */
                prompts: string[];
                /** @default 500 */
                max_tokens: number;
                /** @default 0.7 */
                temperature: number;
                /** @default true */
                stream: boolean;
            };
            load?: {
                /**
                 * @description closed: each virtual client sends its next request when its answer is in; constant, poisson, gamma: open loop, requests sent at `rate` whether or not earlier ones have answered
                 * @default closed
                 * @enum {string}
                 */
                pattern: "closed" | "constant" | "poisson" | "gamma";
                /** @description open loop only (required there): requests/s for the whole group; each of its agents sends rate / nodes */
                rate?: number;
                /**
                 * @description gamma only: shape of the gamma inter-arrival times (vLLM's --burstiness); 1 is Poisson, below 1 burstier, above 1 more regular
                 * @default 1
                 */
                burstiness: number;
                /** @description how long the load lasts, warm-up included */
                duration_s?: number;
                /** @description total requests of the group, warm-up included; default: one per virtual client unless duration_s is given */
                requests?: number;
                /**
                 * @description requests started in the first warmup_s seconds are not measured
                 * @default 0
                 */
                warmup_s: number;
                /**
                 * @description closed loop: client starts spread over it; open loop: the rate climbs linearly from 0 to rate over it
                 * @default 0
                 */
                ramp_up_s: number;
                /**
                 * @description per request
                 * @default 300
                 */
                timeout_s: number;
                /**
                 * @description open loop: a safety cap on one agent's open requests; requests due while it is reached are skipped and counted (schedule.not_sent), never delayed
                 * @default 10000
                 */
                max_in_flight: number;
                /** @description open loop: seeds the arrival times (agent i uses seed + i) for a repeatable schedule */
                seed?: number;
                /**
                 * @description keep one JSON line per request on each agent and upload them; read them at GET /client-group/{id}/records
                 * @default false
                 */
                records: boolean;
            };
            slo?: {
                ttft_ms?: number;
                tpot_ms?: number;
                e2e_ms?: number;
            };
        };
        Connect: {
            /** Format: uri */
            client_address: string;
            /** @default 0 */
            task_index: number;
        };
        Observer: {
            ip_address: string;
            port: number;
            update_preferences?: {
                /** @default 1000 */
                interval_ms: number;
            };
        };
        GroupResults: {
            benchmark_id: number;
            state: string;
            started_at: number | null;
            finished_at: number | null;
            duration_s: number;
            partial: boolean;
            requests: {
                completed: number;
                failed: number;
                warmup: number;
            };
            errors: {
                [key: string]: number;
            };
            throughput: {
                requests_per_s: number;
                output_tokens_per_s: number;
                total_tokens_per_s: number;
                goodput_per_s: number;
            };
            /** @description from merged HdrHistograms: min, max and mean exact; percentiles and std within 0.05 % (1 µs resolution) */
            latency_ms: {
                ttft: {
                    mean: number;
                    std: number;
                    min: number;
                    max: number;
                    p50: number;
                    p90: number;
                    p95: number;
                    p99: number;
                    p999: number;
                } | null;
                tpot: {
                    mean: number;
                    std: number;
                    min: number;
                    max: number;
                    p50: number;
                    p90: number;
                    p95: number;
                    p99: number;
                    p999: number;
                } | null;
                itl: {
                    mean: number;
                    std: number;
                    min: number;
                    max: number;
                    p50: number;
                    p90: number;
                    p95: number;
                    p99: number;
                    p999: number;
                } | null;
                e2e: {
                    mean: number;
                    std: number;
                    min: number;
                    max: number;
                    p50: number;
                    p90: number;
                    p95: number;
                    p99: number;
                    p999: number;
                } | null;
                /** @description open loop only: TTFT from the intended send time (corrects coordinated omission) */
                ttft_from_intended: {
                    mean: number;
                    std: number;
                    min: number;
                    max: number;
                    p50: number;
                    p90: number;
                    p95: number;
                    p99: number;
                    p999: number;
                } | null;
                /** @description open loop only: E2E from the intended send time */
                e2e_from_intended: {
                    mean: number;
                    std: number;
                    min: number;
                    max: number;
                    p50: number;
                    p90: number;
                    p95: number;
                    p99: number;
                    p999: number;
                } | null;
                /** @description open loop only: actual minus intended send time */
                schedule_lag: {
                    mean: number;
                    std: number;
                    min: number;
                    max: number;
                    p50: number;
                    p90: number;
                    p95: number;
                    p99: number;
                    p999: number;
                } | null;
            };
            schedule: {
                /** @enum {string} */
                pattern: "constant" | "poisson" | "gamma";
                /** @description the group's rate (every agent's share) */
                target_rate_per_s: number;
                /** @description requests sent per second of schedule */
                achieved_rate_per_s: number;
                sent: number;
                late: number;
                late_threshold_ms: number;
                /** @description skipped at the max_in_flight cap */
                not_sent: number;
                window_s: number;
            } | null;
            tokens: {
                input: number;
                output: number;
                /** @enum {string} */
                source: "usage" | "counted";
            };
            agents: {
                agent_id: string;
                address: string;
                requests: number;
                errors: number;
            }[];
        };
        AgentReport: {
            task_index: number;
            run_id: string;
            started_at: number;
            finished_at: number;
            /** @default false */
            partial: boolean;
            /** @default null */
            reason: string | null;
            /**
             * @description nothing could be measured (the AI server was unreachable or could not be set up); reason says why
             * @default false
             */
            failed: boolean;
            requests: {
                completed: number;
                failed: number;
                warmup: number;
            };
            errors: {
                [key: string]: number;
            };
            tokens: {
                input: number;
                output: number;
                /** @enum {string} */
                source: "usage" | "counted";
            };
            good_requests: number;
            latency: {
                ttft: components["schemas"]["LatencyDigest"];
                tpot: components["schemas"]["LatencyDigest"];
                itl: components["schemas"]["LatencyDigest"];
                e2e: components["schemas"]["LatencyDigest"];
                /**
                 * @description open loop: TTFT measured from the intended send time
                 * @default null
                 */
                ttft_from_intended: {
                    count: number;
                    /** @description milliseconds */
                    sum: number;
                    /** @description milliseconds */
                    min: number;
                    /** @description milliseconds */
                    max: number;
                    /** @description HdrHistogram V2 compressed, base64; µs, 3 significant digits */
                    histogram: string;
                } | null;
                /**
                 * @description open loop: E2E measured from the intended send time
                 * @default null
                 */
                e2e_from_intended: {
                    count: number;
                    /** @description milliseconds */
                    sum: number;
                    /** @description milliseconds */
                    min: number;
                    /** @description milliseconds */
                    max: number;
                    /** @description HdrHistogram V2 compressed, base64; µs, 3 significant digits */
                    histogram: string;
                } | null;
                /**
                 * @description open loop: actual minus intended send time
                 * @default null
                 */
                schedule_lag: {
                    count: number;
                    /** @description milliseconds */
                    sum: number;
                    /** @description milliseconds */
                    min: number;
                    /** @description milliseconds */
                    max: number;
                    /** @description HdrHistogram V2 compressed, base64; µs, 3 significant digits */
                    histogram: string;
                } | null;
            };
            /** @default null */
            schedule: {
                /** @enum {string} */
                pattern: "constant" | "poisson" | "gamma";
                /** @description this agent's share */
                target_rate_per_s: number;
                sent: number;
                /** @description sent later than the late threshold */
                late: number;
                /** @description due while max_in_flight requests were open; skipped, not delayed */
                not_sent: number;
                /** @description from the end of the warm-up to the end of the schedule */
                window_s: number;
            } | null;
        };
        LatencyDigest: {
            count: number;
            /** @description milliseconds */
            sum: number;
            /** @description milliseconds */
            min: number;
            /** @description milliseconds */
            max: number;
            /** @description HdrHistogram V2 compressed, base64; µs, 3 significant digits */
            histogram: string;
        } | null;
        ScrapeTargets: {
            /**
             * @example [
             *       "10.0.0.7:41235"
             *     ]
             */
            targets: string[];
            labels: {
                benchmark_id: string;
                task_index: string;
                job_id: string;
            };
        }[];
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
