import { NO_STORE } from "@/lib/http/answer";
import type { TemplateDocument } from "./documents";

/** A template as a JSON download. */
export function templateResponse(document: TemplateDocument): Response {
  return new Response(document.body, {
    headers: {
      ...NO_STORE,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${document.fileName}"`,
    },
  });
}
