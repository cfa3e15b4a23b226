import { formatTime } from "@/lib/util/format-time";

/** A moment as Gatehouse writes it (lib/util/format-time.ts), machine-readable in `dateTime`. */
export function Time({ value, seconds = false, className }: { value: Date | string | number; seconds?: boolean; className?: string }) {
  const at = new Date(value);
  return (
    <time dateTime={Number.isNaN(at.getTime()) ? undefined : at.toISOString()} className={className}>
      {formatTime(at, { seconds })}
    </time>
  );
}
