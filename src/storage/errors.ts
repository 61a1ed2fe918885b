// Database errors the services need to tell apart, named here so no service checks Prisma's error codes itself.

/** A unique constraint refused the write (Prisma P2002): someone (a retry, another replica) wrote that key first. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}
