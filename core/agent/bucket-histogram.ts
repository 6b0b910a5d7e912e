export type BucketHistogram = {
  observe(value: number): void;
  /** The `_bucket` (cumulative, then `+Inf`), `_sum` and `_count` sample lines of `name`. */
  render(name: string, labels: string): string[];
};

/**
 * A Prometheus histogram with fixed upper bounds (ascending): one counter per bucket, found by
 * binary search, so an observation costs a few comparisons whatever the number of buckets.
 */
export function createBucketHistogram(bounds: readonly number[]): BucketHistogram {
  // The last slot counts values above every bound (the `+Inf` bucket's own share).
  const counts = new Array<number>(bounds.length + 1).fill(0);
  let sum = 0;
  let count = 0;

  return {
    observe(value) {
      let lo = 0;
      let hi = bounds.length;
      // The first bound >= value: Prometheus buckets are `le`, upper bounds included.
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((bounds[mid] as number) < value) lo = mid + 1;
        else hi = mid;
      }
      counts[lo] = (counts[lo] as number) + 1;
      sum += value;
      count += 1;
    },
    render(name, labels) {
      const lines: string[] = [];
      let cumulative = 0;
      bounds.forEach((bound, i) => {
        cumulative += counts[i] as number;
        lines.push(`${name}_bucket{${labels},le="${bound}"} ${cumulative}`);
      });
      lines.push(
        `${name}_bucket{${labels},le="+Inf"} ${count}`,
        `${name}_sum{${labels}} ${sum}`,
        `${name}_count{${labels}} ${count}`,
      );
      return lines;
    },
  };
}
