import { kineticJsx } from '@kinetic/jsx';
import { defineConfig } from 'vitest/config';

// The tests run the views as `kinetic dev` and `kinetic build` do: each .tsx file's JSX is
// compiled to html call sites by @kinetic/jsx before vitest strips the types.
export default defineConfig({
  plugins: [kineticJsx()],
});
