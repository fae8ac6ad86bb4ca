-- X-Ray Gallery schema on MySQL / MariaDB (utf8mb4 throughout).

CREATE TABLE users (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    -- case-insensitive: "Alice" and "alice" are one account
    username        VARCHAR(64)  NOT NULL COLLATE utf8mb4_unicode_ci,
    password_hash   VARCHAR(255) NOT NULL,
    failed_sign_ins INT          NOT NULL DEFAULT 0,
    locked_until    TIMESTAMP(3) NULL,
    created_at      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    CONSTRAINT uq_users_username UNIQUE (username)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE photos (
    id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    owner_id      BIGINT        NOT NULL,
    original_key  VARCHAR(512)  NOT NULL,
    display_key   VARCHAR(512)  NOT NULL,
    thumbnail_key VARCHAR(512)  NOT NULL,
    original_name VARCHAR(1024) NOT NULL,
    description   VARCHAR(2000) NULL,
    content_type  VARCHAR(100)  NOT NULL,
    width         INT           NOT NULL,
    height        INT           NOT NULL,
    bytes         BIGINT        NOT NULL,
    sha256        CHAR(64)      NOT NULL,
    faces         INT           NOT NULL DEFAULT 0,
    created_at    TIMESTAMP(3)  NOT NULL,
    CONSTRAINT fk_photos_owner FOREIGN KEY (owner_id) REFERENCES users (id),
    -- the same bytes twice for one user is skipped
    CONSTRAINT uq_photos_owner_sha UNIQUE (owner_id, sha256),
    -- "my photos, newest first"
    INDEX ix_photos_owner_created (owner_id, created_at, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE labels (
    photo_id   BIGINT       NOT NULL,
    name       VARCHAR(128) NOT NULL COLLATE utf8mb4_unicode_ci,
    confidence FLOAT        NOT NULL,
    parents    VARCHAR(512) NOT NULL DEFAULT '',
    -- instance bounding boxes as JSON: [{"left":..,"top":..,"width":..,"height":..,"confidence":..}]
    instances  TEXT         NOT NULL,
    PRIMARY KEY (photo_id, name),
    -- label search: case-insensitive prefix on name
    INDEX ix_labels_name (name, photo_id),
    CONSTRAINT fk_labels_photo FOREIGN KEY (photo_id) REFERENCES photos (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE faces (
    photo_id   BIGINT NOT NULL,
    face_index INT    NOT NULL,
    confidence FLOAT  NOT NULL,
    box_left   FLOAT  NOT NULL,
    box_top    FLOAT  NOT NULL,
    box_width  FLOAT  NOT NULL,
    box_height FLOAT  NOT NULL,
    PRIMARY KEY (photo_id, face_index),
    CONSTRAINT fk_faces_photo FOREIGN KEY (photo_id) REFERENCES photos (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
