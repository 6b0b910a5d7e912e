/** Counts API requests by method and status class for the service's /metrics. */
export class ApiRequestCounter {
  private readonly counts = new Map<string, number>();

  record(method: string, status: number): void {
    const key = `${method} ${Math.floor(status / 100)}xx`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  entries(): Array<{ method: string; status: string; count: number }> {
    return [...this.counts].map(([key, count]) => {
      const [method = "", status = ""] = key.split(" ");
      return { method, status, count };
    });
  }
}
