import shutil

import pytest
from django.core.management import call_command

from tests.materials.conftest import sample_files
from zhongshu.materials.models import Material


def test_import_a_directory(clerk_user, tmp_path, capsys):
    for path in sample_files():
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.md").write_text("ignored")
    with pytest.raises(SystemExit) as exit_:
        call_command("import", "materials", str(tmp_path), user=clerk_user.username, type="speech")
    out = capsys.readouterr().out
    assert exit_.value.code == 1
    assert "5 imported, 1 failed, 6 files" in out and "empty.txt: file_empty" in out
    assert Material.objects.filter(material_type="speech").count() == 5
