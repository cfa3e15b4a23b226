-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "authSessionId" TEXT,
ADD COLUMN     "via" TEXT;

