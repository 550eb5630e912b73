// The AWS SDK for JavaScript v3 (@aws-sdk/client-rekognition, unmodified) against FaceAspire's Rekognition-compatible
// API: every operation, paging, and the errors. Run by RekognitionSdkTests with the endpoint, an access key and two
// photos: node rekognition-sdk.mjs <endpoint> <group photo> <single photo>. Prints "ok" and exits 0 when every check holds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  CompareFacesCommand, CreateCollectionCommand, DeleteCollectionCommand, DeleteFacesCommand, DescribeCollectionCommand,
  DetectFacesCommand, IndexFacesCommand, ListCollectionsCommand, RekognitionClient, SearchFacesByImageCommand,
  SearchFacesCommand, paginateListFaces,
} from '@aws-sdk/client-rekognition';

const [endpoint, groupPath, singlePath] = process.argv.slice(2);
const credentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY };
const client = new RekognitionClient({ endpoint, region: 'eu-central-1', credentials, maxAttempts: 1 });
const group = { Bytes: readFileSync(groupPath) };
const single = { Bytes: readFileSync(singlePath) };

async function errorName(call) {
  try {
    await call();
  } catch (error) {
    return error.name;
  }
  assert.fail('the call succeeded');
}

const detected = await client.send(new DetectFacesCommand({ Image: group, Attributes: ['ALL'] }));
const groupFaces = detected.FaceDetails.length;
assert.ok(groupFaces > 1);
assert.ok(detected.FaceDetails[0].AgeRange.High > 0);
assert.ok(detected.FaceDetails[0].BoundingBox.Width > 0);

const compared = await client.send(new CompareFacesCommand({ SourceImage: single, TargetImage: group, SimilarityThreshold: 80 }));
assert.equal(compared.FaceMatches.length, 1);
assert.ok(compared.FaceMatches[0].Similarity > 95);
assert.equal(compared.UnmatchedFaces.length, groupFaces - 1);

const created = await client.send(new CreateCollectionCommand({ CollectionId: 'sdk.family' }));
assert.equal(created.StatusCode, 200);
assert.match(created.CollectionArn, /^aws:rekognition:eu-central-1:\d{12}:collection\/sdk\.family$/);
assert.equal(await errorName(() => client.send(new CreateCollectionCommand({ CollectionId: 'sdk.family' }))), 'ResourceAlreadyExistsException');

const indexed = await client.send(new IndexFacesCommand({ CollectionId: 'sdk.family', Image: group, ExternalImageId: 'group', QualityFilter: 'NONE' }));
assert.equal(indexed.FaceRecords.length, groupFaces);
const one = await client.send(new IndexFacesCommand({ CollectionId: 'sdk.family', Image: single, MaxFaces: 1, QualityFilter: 'NONE' }));
assert.equal(one.FaceRecords.length, 1);
const singleFace = one.FaceRecords[0].Face.FaceId;

const described = await client.send(new DescribeCollectionCommand({ CollectionId: 'sdk.family' }));
assert.equal(described.FaceCount, groupFaces + 1);
assert.ok(described.CreationTimestamp instanceof Date && Math.abs(described.CreationTimestamp - Date.now()) < 300_000);

const listed = [];
for await (const page of paginateListFaces({ client, pageSize: 2 }, { CollectionId: 'sdk.family' })) {
  assert.ok(page.Faces.length <= 2);
  listed.push(...page.Faces.map(f => f.FaceId));
}
assert.equal(new Set(listed).size, groupFaces + 1);

const searched = await client.send(new SearchFacesCommand({ CollectionId: 'sdk.family', FaceId: singleFace }));
assert.equal(searched.FaceMatches.length, 1);
assert.equal(searched.FaceMatches[0].Face.ExternalImageId, 'group');
const byImage = await client.send(new SearchFacesByImageCommand({ CollectionId: 'sdk.family', Image: single, FaceMatchThreshold: 90 }));
assert.ok(byImage.FaceMatches.some(m => m.Face.FaceId === singleFace));
assert.ok(byImage.SearchedFaceConfidence > 50);

const deleted = await client.send(new DeleteFacesCommand({ CollectionId: 'sdk.family', FaceIds: [singleFace] }));
assert.deepEqual(deleted.DeletedFaces, [singleFace]);
assert.deepEqual((await client.send(new ListCollectionsCommand({}))).CollectionIds, ['sdk.family']);
assert.equal((await client.send(new DeleteCollectionCommand({ CollectionId: 'sdk.family' }))).StatusCode, 200);
assert.equal(await errorName(() => client.send(new DescribeCollectionCommand({ CollectionId: 'sdk.family' }))), 'ResourceNotFoundException');
assert.equal(await errorName(() => client.send(new DetectFacesCommand({ Image: { Bytes: Buffer.from('not an image') } }))), 'InvalidImageFormatException');

const wrongSecret = new RekognitionClient({ endpoint, region: 'eu-central-1', credentials: { ...credentials, secretAccessKey: 'wrong' }, maxAttempts: 1 });
assert.equal(await errorName(() => wrongSecret.send(new ListCollectionsCommand({}))), 'InvalidSignatureException');
const unknownKey = new RekognitionClient({ endpoint, region: 'eu-central-1', credentials: { ...credentials, accessKeyId: 'FAKIAAAAAAAAAAAAAAAA' }, maxAttempts: 1 });
assert.equal(await errorName(() => unknownKey.send(new ListCollectionsCommand({}))), 'UnrecognizedClientException');

console.log('ok');
