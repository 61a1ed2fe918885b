// The part of pdfmake 0.3's server API that the board paper uses (the package ships no types).
declare module "pdfmake" {
  interface PdfMakeDocument {
    getBuffer(): Promise<Buffer>;
  }
  interface PdfMake {
    setFonts(fonts: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>): void;
    setUrlAccessPolicy(policy: (url: string) => boolean): void;
    setLocalAccessPolicy(policy: (path: string) => boolean): void;
    createPdf(doc: Record<string, unknown>): PdfMakeDocument;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}
