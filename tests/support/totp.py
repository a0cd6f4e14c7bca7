"""RFC 6238 codes as an authenticator app computes them, for the tests that sign in to the team
inbox (tests/intake/, tests/deployed/)."""
import base64
import hashlib
import hmac
import struct
import time


def totp(secret, at=None, steps=0):
    """HMAC-SHA1, 30 s, 6 digits: the authenticator defaults."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((at or time.time()) // 30) + steps
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)
