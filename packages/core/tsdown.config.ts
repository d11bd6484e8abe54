import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    // Separate entries: a host that only needs the client does not ship the catalogue.
    messages: 'src/messages.ts',
    'locales/fr': 'src/locales/fr.ts',
    // The toasters' list, for the kit's UIs and a host's own toaster.
    toasts: 'src/toastList.ts',
  },
  format: 'esm',
  dts: true,
  sourcemap: true,
  clean: true,
  fixedExtension: false,
});
