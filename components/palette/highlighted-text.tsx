import { highlight } from "@/lib/search/highlight";
import type { SearchQuery } from "@/lib/search/match-items";

/** A result line with the parts that matched the query marked. */
export function HighlightedText({ text, lowercase, query }: { text: string; lowercase: string; query: SearchQuery }) {
  return (
    <>
      {highlight(text, lowercase, query).map((segment, index) =>
        segment.match ? (
          <mark key={index} className="rounded-sm bg-amber-100 text-inherit dark:bg-amber-900 dark:text-amber-50">
            {segment.text}
          </mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}
