/**
 * The few canvas operations stitching and encoding need, behind an interface: the service worker
 * passes `browserGraphics` (createImageBitmap + OffscreenCanvas), unit tests pass recording fakes.
 */
export interface Bitmap {
  readonly width: number;
  readonly height: number;
  close(): void;
}

export interface Context2D {
  fillStyle: string | CanvasGradient | CanvasPattern;
  imageSmoothingQuality: ImageSmoothingQuality;
  fillRect(x: number, y: number, width: number, height: number): void;
  drawImage(
    image: Bitmap | Canvas,
    sx: number,
    sy: number,
    sw: number,
    sh: number,
    dx: number,
    dy: number,
    dw: number,
    dh: number,
  ): void;
}

export interface Canvas {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): Context2D | null;
  convertToBlob(options: { type: 'image/jpeg'; quality: number }): Promise<Blob>;
}

export interface Graphics {
  decode(image: Blob): Promise<Bitmap>;
  createCanvas(width: number, height: number): Canvas;
}

export const browserGraphics: Graphics = {
  decode: (image) => createImageBitmap(image),
  createCanvas: (width, height) => new OffscreenCanvas(width, height) as unknown as Canvas,
};

/** The 2D context, which only fails to exist when the browser is out of memory for the canvas. */
export function context2d(canvas: Canvas): Context2D {
  const context = canvas.getContext('2d');
  if (!context) throw new Error(`Could not draw a ${canvas.width}×${canvas.height} picture (out of memory?)`);
  context.imageSmoothingQuality = 'high';
  return context;
}
