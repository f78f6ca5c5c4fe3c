"""The README's screenshot of the review page: the spun article in the seeds, a few edits
decided with the keyboard, one edit selected so the side panel explains it.

    python scripts/review_screenshot.py [OUT.png]     # default: docs/review.png
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import chromium  # noqa: E402


def main() -> int:
    """Write the review page of the seed article and save its screenshot."""
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "review.png").resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="review-shot-"))
    try:
        shutil.copy(ROOT / "seeds" / "001_73e4453e2cad5e0e.txt", work / "spun.txt")
        subprocess.run([sys.executable, "-m", "textfix", "review", "-q", "spun.txt", "-o",
                        "review.html", "--title", "a spun news article"], cwd=work,
                       check=True)
        with chromium(size=(1440, 900)) as d:
            d.get((work / "review.html").as_uri())
            body = d.find_element("tag name", "body")
            body.send_keys("jjj")
            d.switch_to.active_element.send_keys("a")
            body.send_keys("jj")
            d.switch_to.active_element.send_keys("r")
            for _ in range(12):
                d.switch_to.active_element.send_keys("j")
            d.execute_script("window.scrollTo(0, 0)")
            time.sleep(0.4)
            d.save_screenshot(str(out))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
