// Stylesheets are bundled by Vite; the renderer imports them for their side effect only.
declare module '*.css';
