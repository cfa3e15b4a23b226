-- AlterTable
ALTER TABLE "ShellSession" ADD COLUMN     "document" TEXT,
ADD COLUMN     "remoteHost" TEXT,
ADD COLUMN     "remotePort" INTEGER;

