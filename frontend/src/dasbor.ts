// dasbor: behaviour of that area's pages (imported by app.ts).
export {};
