// build/qr-scanner-worker.ts: the address of qr-scanner's decoder, served by us as a file.
declare module 'virtual:qr-scanner-worker-url' {
  const url: string;
  export default url;
}
