export function ppRoutes(): never[] {
  return [];
}
