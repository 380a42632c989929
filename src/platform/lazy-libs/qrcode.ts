import type QRCodeModule from 'qrcode';
import { lazyRequire } from '../lazy';

/** qrcode (about 12 MB resident once loaded), required on first use: `import QRCode from '…/platform/lazy-libs/qrcode'`. */
const QRCode = lazyRequire<typeof QRCodeModule>('qrcode');
export default QRCode;
