/** Whether a path is the proxy's to answer: the base path itself or anything below it. */
export function isUnderBasePath(pathname: string, basePath: string): boolean {
  return basePath === '' || pathname === basePath || pathname.startsWith(`${basePath}/`);
}
