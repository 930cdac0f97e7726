// esbuild loads .graphql files as text (build.mjs): each is one operation's document.
declare module "*.graphql" {
  const document: string;
  export default document;
}
