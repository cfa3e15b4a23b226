import "server-only";
import type { AccessMatrix } from "./matrix";

// The matrix as a file for access reviews: CSV (one row per person × account × role) or JSON, both stamped with the
// profile version and the time it was generated.

export type MatrixStamp = { profileVersion: string; generatedAt: string };

/** A CSV cell: quoted, quotes doubled, and a leading = + - @ (or tab/CR) prefixed with ' so a spreadsheet never runs it. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

const CSV_HEADER = ["person", "account_id", "account_name", "ou_path", "role", "profile", "requires_reason", "profile_version", "generated_at"];

export function matrixToCsv(matrix: AccessMatrix, stamp: MatrixStamp): string {
  const lines = [CSV_HEADER.map(csvCell).join(",")];
  for (const cell of matrix.cells) {
    const values = [cell.email, cell.accountId, cell.accountName, cell.ouPath.join("/"), cell.roleName, cell.profileId, String(cell.requireReason)];
    lines.push([...values, stamp.profileVersion, stamp.generatedAt].map(csvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

export const matrixToJson = (matrix: AccessMatrix, stamp: MatrixStamp) => JSON.stringify({ ...stamp, ...matrix }, null, 2);
