/**
 * The request and response examples of shared/seeds 000, 002 and 004, as the vendors print them.
 * Only documentation artefacts are undone, each said where: the MyReports pages wrap URLs in
 * `<…>` and escape `_type` as `\_type`; placeholders in braces become fixed values.
 */

/** seeds/002, placeholders: {ACCOUNT_TENANT_ID}, {CUSTOMER_TENANT_ID}, {PBX_ID}. */
export const MR_ACCOUNT = '0c9d8e7f-1a2b-4c3d-8e9f-001122334455';
export const MR_CUSTOMER = '7f8a1c2e-0b1d-4c3e-9f00-1a2b3c4d5e6f';
export const MR_PBX_ID = '5d6e7f80-91a2-4b3c-8d4e-5f6071829304';

/** seeds/002 first example: the Kazoo request body ("hostRest" without the doc's `<…>`). */
export const SEED_002_KAZOO_REQUEST = `{
    "name": "Customers ~.pbx.kazoo.name.~ Pbx",
    "hostRest": "https://rest.example.com",
    "hostWebsocket": "wss://ws.example.com",
    "accountId": "12345",
    "apiKey": "ABCDEF",
    "_type": "KazooPbxConnectionProfile"
}`;

/** seeds/002 first example: the 201 reply body ({PBX_ID} filled in). */
export const SEED_002_KAZOO_RESPONSE = `{
	"data": {
 		"hostRest": "https://rest.example.com",
        "hostWebsocket": "wss://ws.example.com",
        "accountId": "12345",
        "apiKey": "ABCDEF",
        "_type": "KazooPbxConnectionProfile",
        "id": "${MR_PBX_ID}",
        "name":" Customers ~.pbx.kazoo.name.~ Pbx",
        "tenantId": "${MR_CUSTOMER}",
        "countryCode": "US",
        "enabled": false
	},
	"status": "success",
	"timestamp": "2019-11-29T16:03:23.9251680Z"
}`;

/** seeds/002 second example: the 3CX request body. */
export const SEED_002_3CX_REQUEST = `{
    "_type": "ThreeCxConnectionProfile",
    "name": "3CX Connection",
    "licenseKey": "licenseKey-licenseKey-licenseKey",
    "username": "username-username-username",
    "password": "password password password",
    "enableRecordingArchive": "true",
    "recordingArchiveFrequency": "00:20:00"
}`;

/** seeds/002 second example: the 201 reply body, which echoes the profile and has no `id`. */
export const SEED_002_3CX_RESPONSE = `{
	"data": {
 		 "_type": "ThreeCxConnectionProfile",
        "name": "3CX Connection",
        "licenseKey": "licenseKey-licenseKey-licenseKey",
        "username": "username-username-username",
        "password": "password password password",
        "enableRecordingArchive": "true",
        "recordingArchiveFrequency": "00:20:00"
	},
	"status": "success",
	"timestamp": "2019-11-29T16:03:23.9251680Z"
}`;

/** seeds/002: both replies' Location header (`<…>` removed, placeholders filled). */
export const SEED_002_LOCATION = `https://api.na.myreports.cloud/api/v1.0/accounts/${MR_ACCOUNT}/customers/${MR_CUSTOMER}/pbxs/${MR_PBX_ID}`;

/** seeds/004 request example 1: DIDs 50036 and 50044 of trunk 6681 to PBX 4808. */
export const SEED_004_PBX = 4808;
export const SEED_004_REQUEST_1 = `{
    "trunkDidRelations": [
        {
            "didIds": [
                50036,50044
            ],
            "trunkId": 6681
        }
    ]
}`;

/** seeds/004 request example 2: clear every binding of PBX 4808. */
export const SEED_004_REQUEST_2 = `{
    "trunkDidRelations": [ ]
}`;

/** seeds/004 response example. */
export const SEED_004_RESPONSE = `{
    "requestId": "d42cdd6453bc1378ac74877a480f22c5",
    "status": "Success",
    "time": 1747100716
}`;

/** seeds/000 response example (Create a Cloud PBX). */
export const SEED_000_RESPONSE = `{ "data": { "cloudPbxId": 42100 }, "requestId": "44151421047434e0ef817a10fc5331a5", "status": "Success", "time": 1664450755 }`;
