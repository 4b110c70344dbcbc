export function myreportsRoutes(): never[] {
  return [];
}
