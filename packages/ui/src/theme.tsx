import { createContext, useContext, type ReactNode } from 'react';

/** The kit's colour scheme: `'system'` follows the reader's `prefers-color-scheme`. */
export type SaleschatTheme = 'light' | 'dark' | 'system';

const ThemeContext = createContext<SaleschatTheme>('light');

export interface SaleschatThemeProviderProps {
  /** The colour scheme of every kit button, tooltip and toaster below. Default: `'light'`. */
  theme?: SaleschatTheme;
  children?: ReactNode;
}

/**
 * Gives the kit's elements below it the host's colour scheme. The scheme is set on the kit's own
 * elements (`data-sc-theme`), never on the host's page, so a dark system cannot recolour it.
 */
export function SaleschatThemeProvider({ theme = 'light', children }: SaleschatThemeProviderProps) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

/** The theme in effect: the nearest provider's, or `'light'` without one. */
export function useSaleschatTheme(): SaleschatTheme {
  return useContext(ThemeContext);
}
