import { describe, expect, it } from 'vitest';
import type { CommentTargetDef, ModuleManifest } from '../../platform/module';
import { startModules } from '../../platform/module';
import { canReadFile } from '../../platform/files/files';
import { newsModule } from '../news';
import { disclosureModule } from '../disclosure';
import { commentsModule } from './index';
import { commentTarget } from './targets';

const def: CommentTargetDef = { canComment: async () => true, link: (id) => `/thu/${id}`, title: async () => 'Trang thử' };

describe('comment targets and file access come from the manifests', () => {
  it('knows a module’s target only once the modules start, from its manifest', () => {
    // Importing the modules registered nothing: news, disclosure and a test module declare theirs in the manifest.
    expect(commentTarget('news')).toBeUndefined();
    expect(commentTarget('document')).toBeUndefined();
    const testModule: ModuleManifest = { name: 'manifest-test', commentTargets: { manifest_page: def } };
    expect(commentTarget('manifest_page')).toBeUndefined();
    startModules([newsModule, testModule]);
    // Without the comments module nobody reads the slot.
    expect(commentTarget('manifest_page')).toBeUndefined();
    startModules([commentsModule, newsModule, disclosureModule, testModule]);
    expect(commentTarget('manifest_page')).toBe(def);
    expect(commentTarget('news')).toBe(newsModule.commentTargets!.news);
    expect(commentTarget('document')).toBe(disclosureModule.commentTargets!.document);
    expect(commentTarget('consultation')).toBe(disclosureModule.commentTargets!.consultation);
  });

  it('asks the manifest’s file access check for a private attached file', async () => {
    const file = { id: 'f', public: false, entityType: 'manifest_entity', entityId: '7', createdBy: null } as Parameters<typeof canReadFile>[2];
    const ctx = {} as Parameters<typeof canReadFile>[0];
    expect(await canReadFile(ctx, null, file)).toBe(false);
    startModules([{ name: 'files-test', fileAccess: { manifest_entity: async (_c, _p, _f, entityId) => entityId === '7' } }]);
    expect(await canReadFile(ctx, null, file)).toBe(true);
    expect(await canReadFile(ctx, null, { ...file, entityId: '8' })).toBe(false);
  });
});
