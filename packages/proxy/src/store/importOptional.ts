/** Node's and bundlers' ways of saying a bare specifier resolves to nothing. */
function isMissing(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return false;
  // A package that is there but misses one of its own files or dependencies is another fault:
  // only a message naming the package itself as the thing not found counts.
  const named = message.includes(`'${name}'`) || message.includes(`"${name}"`);
  return (
    named &&
    (code === 'ERR_MODULE_NOT_FOUND' ||
      code === 'MODULE_NOT_FOUND' ||
      /Cannot find (package|module)|Failed to (load|resolve)/.test(message))
  );
}

/**
 * Loads a package the host installs only for the store it uses (an optional peer dependency of
 * the proxy), the first time that store opens. When it is not installed, the error names the
 * package and how to install it.
 */
export async function importOptional<Module>(
  name: string,
  /** What needs it, e.g. "The PostgreSQL store". */
  purpose: string,
  /** The version range to install, e.g. `^8.11.0`. */
  range: string,
): Promise<Module> {
  try {
    // A specifier in a variable, ignored by bundlers: resolved by Node at run time from the
    // host's node_modules, so a bundled host never needs the package it does not use.
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ name)) as Module;
  } catch (error) {
    if (!isMissing(error, name)) throw error;
    throw new Error(
      `${purpose} needs the "${name}" package, which is not installed. Install it in the app that runs the proxy: npm install ${name}@${range}`,
      { cause: error },
    );
  }
}
